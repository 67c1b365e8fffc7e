/** Queries on `threads` and `posts`: MISP's discussions (issue #3). */
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Executor } from './database.ts'
import type { PostTable, ThreadTable } from './schema.ts'

/** A thread row. */
export type ThreadRecord = Selectable<ThreadTable>
/** A post row. */
export type PostRecord = Selectable<PostTable>

/** The thread with `id`, or undefined. */
export function findThread(db: Executor, id: number): Promise<ThreadRecord | undefined> {
  return db.selectFrom('threads').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The discussion thread of event `eventId`, or undefined. */
export function findEventThread(db: Executor, eventId: number): Promise<ThreadRecord | undefined> {
  return db.selectFrom('threads').selectAll().where('event_id', '=', eventId).orderBy('id').executeTakeFirst()
}

/** Inserts a thread and returns its id. */
export async function insertThread(db: Executor, row: Insertable<ThreadTable>): Promise<number> {
  const { id } = await db.insertInto('threads').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

/** Sets a thread's `date_modified` and its `post_count` from its posts (MISP's `updateAfterPostChange`). */
export async function touchThread(db: Executor, id: number, dateModified: string): Promise<void> {
  const { count } = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('thread_id', '=', id)
    .executeTakeFirstOrThrow()
  await db
    .updateTable('threads')
    .set({ date_modified: dateModified, post_count: Number(count) })
    .where('id', '=', id)
    .execute()
}

/** Inserts a post and returns its id. */
export async function insertPost(db: Executor, row: Insertable<PostTable>): Promise<number> {
  const { id } = await db.insertInto('posts').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

/** Changes the columns of post `id` (`/posts/edit`). */
export async function updatePost(db: Executor, id: number, changes: Updateable<PostTable>): Promise<void> {
  await db.updateTable('posts').set(changes).where('id', '=', id).execute()
}

/** The post with `id`, or undefined. */
export function findPost(db: Executor, id: number): Promise<PostRecord | undefined> {
  return db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The posts of a thread, oldest first. */
export function listThreadPosts(db: Executor, threadId: number): Promise<PostRecord[]> {
  return db.selectFrom('posts').selectAll().where('thread_id', '=', threadId).orderBy('id').execute()
}

/** Threads with at least one post, newest change first (access is the platform's to check). */
export function listThreads(db: Executor): Promise<ThreadRecord[]> {
  return db
    .selectFrom('threads')
    .selectAll()
    .where('post_count', '>', 0)
    .orderBy('date_modified', 'desc')
    .orderBy('id', 'desc')
    .execute()
}
