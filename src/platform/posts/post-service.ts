/**
 * Discussions (issue #3): MISP's `/posts/add` (PostsController::add) with its thread created on
 * demand, `/posts/edit` and `/posts/delete` (the author or a site admin; the thread goes with its
 * last post), `/threads/view` and `/threads/index`, and the `post-after-save` trigger site
 * (spec/ENGINE.md §4.1.1), fired for an add and an edit with the post's transaction.
 *
 *   /posts/add                 ─▶ new thread titled by the body
 *   /posts/add/event/:eventId  ─▶ the event's thread, created on first post
 *   /posts/add/thread/:id      ─▶ that thread
 */
import { UserError, ValidationError } from '../../errors.ts'
import {
  type EventRecord,
  type Executor,
  findEvent,
  findEventThread,
  findPost,
  findThread,
  insertPost,
  insertThread,
  deletePostRow,
  deleteThreadRow,
  listThreadPosts,
  listThreads,
  type ThreadRecord,
  touchThread,
  updatePost,
} from '../../store/index.ts'
import { visibleEvent } from '../events/event-service.ts'
import { parseId } from '../local-backend.ts'
import { auditLog, canSeeEventIn, type PlatformContext } from '../platform-context.ts'
import { logTimestamp } from '../triggers/trigger-dispatcher.ts'
import type { Actor, MispJson, Platform, PostTarget } from '../types.ts'
import { postAfterSaveData, postColumns, threadColumns } from './discussion-rows.ts'

/** MISP's texts (PostsController, ThreadsController, verbatim). */
export const DISCUSSION_MESSAGES = {
  emptyMessage: 'Cannot post an empty message.',
  invalidThread: 'Invalid thread.',
  invalidPost: 'Invalid post',
  /** MISP quirk: the edit refusal speaks of an event. */
  notYourPost: 'This is not your event.',
  notYourPostToDelete: "This post doesn't belong to you, so you cannot delete it.",
} as const

/** MISP's title of an event's discussion thread. */
export function eventThreadTitle(event: EventRecord): string {
  return `Discussion about Event #${event.id} (${event.info})`
}

function invalidThread(): UserError {
  return new UserError('SLC_NOT_FOUND', DISCUSSION_MESSAGES.invalidThread)
}

/** Whether `actor` may see `thread`: an event's thread as its event, others by distribution or organisation (docs/access.md). */
async function canSeeThread(db: Executor, actor: Actor, thread: ThreadRecord): Promise<boolean> {
  if (actor.role === 'site_admin') return true
  if (thread.event_id !== 0) {
    const event = await findEvent(db, thread.event_id)
    if (event) return canSeeEventIn(db, actor, event)
  }
  return thread.org_id === actor.orgId || (thread.distribution >= 1 && thread.distribution <= 3)
}

/** `{Post: {message, title?}}` or the bare fields: the message, and the title of a new thread. */
function readPost(body: MispJson, needsTitle: boolean): { message: string; title?: string } {
  const record = body && typeof body === 'object' && !Array.isArray(body) ? body : {}
  const post = record.Post && typeof record.Post === 'object' && !Array.isArray(record.Post) ? record.Post : record
  const message = post.message ?? post.contents
  if (typeof message !== 'string' || message.trim() === '')
    throw new ValidationError('Post', 'message', DISCUSSION_MESSAGES.emptyMessage)
  if (!needsTitle) return { message }
  if (typeof post.title !== 'string' || post.title.trim() === '')
    throw new ValidationError('Post', 'title', 'A new discussion needs a title.')
  return { message, title: post.title }
}

/** The post and thread operations of the Platform. */
export function createPostService(ctx: PlatformContext): { posts: Platform['posts']; threads: Platform['threads'] } {
  const db = ctx.store.db

  /** The existing thread a post goes to, the new thread's columns, or a refusal. */
  const resolveTarget = async (actor: Actor, target: PostTarget) => {
    if (target.kind === 'thread') {
      const threadId = parseId(target.threadId)
      const thread = threadId === null ? undefined : await findThread(db, threadId)
      if (!thread || !(await canSeeThread(db, actor, thread))) throw invalidThread()
      return { thread }
    }
    if (target.kind === 'event') {
      const event = await visibleEvent(db, actor, target.eventId)
      const thread = await findEventThread(db, event.id)
      if (thread) return { thread }
      const newThread = {
        event_id: event.id,
        title: eventThreadTitle(event),
        distribution: event.distribution,
        sharing_group_id: event.sharing_group_id,
      }
      return { newThread }
    }
    return { newThread: { event_id: 0, distribution: 1, sharing_group_id: 0 } }
  }

  /** Post `id` when `actor` may change it: its author, or a site admin (PostsController). */
  const ownPost = async (actor: Actor, id: string, refusal: string) => {
    const postId = parseId(id)
    const post = postId === null ? undefined : await findPost(db, postId)
    if (!post) throw new UserError('SLC_NOT_FOUND', DISCUSSION_MESSAGES.invalidPost)
    if (actor.role !== 'site_admin' && post.user_id !== actor.userId) throw new UserError('SLC_FORBIDDEN', refusal)
    return post
  }

  const posts: Platform['posts'] = {
    async add(actor, target, body) {
      const resolved = await resolveTarget(actor, target)
      const { message, title } = readPost(body, target.kind === 'new')
      const stamp = logTimestamp(ctx.clock.now())
      const { postId, threadId } = await ctx.store.transaction(async (trx) => {
        let threadId = resolved.thread?.id
        if (threadId === undefined) {
          const columns = resolved.newThread!
          const threadTitle = 'title' in columns ? columns.title : title!
          threadId = await insertThread(trx, {
            ...columns,
            title: threadTitle,
            date_created: stamp,
            date_modified: stamp,
            user_id: actor.userId,
            org_id: actor.orgId,
            post_count: 0,
          })
          await auditLog(ctx, trx, actor, {
            action: 'add',
            model: 'Thread',
            modelId: threadId,
            title: `Thread (${threadId}): ${threadTitle}`,
          })
        }
        const postId = await insertPost(trx, {
          date_created: stamp,
          date_modified: stamp,
          user_id: actor.userId,
          contents: message,
          post_id: 0,
          thread_id: threadId,
        })
        await touchThread(trx, threadId, stamp)
        // MISP quirk: a post has no display field, so its log title repeats the id.
        await auditLog(ctx, trx, actor, {
          action: 'add',
          model: 'Post',
          modelId: postId,
          title: `Post (${postId}): ${postId}`,
        })
        // In the transaction: the deferred run's job commits with the post (docs/queue.md).
        await ctx.dispatcher.fire(
          'post-after-save',
          postAfterSaveData((await findPost(trx, postId))!),
          { action: 'add', model: 'Post', id: postId },
          { isRawTransferred: true, chain: actor.chain, db: trx },
        )
        return { postId, threadId }
      })
      const post = (await findPost(db, postId))!
      const thread = (await findThread(db, threadId))!
      return { Post: postColumns(post), Thread: threadColumns(thread) }
    },

    async edit(actor, id, body) {
      const post = await ownPost(actor, id, DISCUSSION_MESSAGES.notYourPost)
      const { message } = readPost(body, false)
      const stamp = logTimestamp(ctx.clock.now())
      await ctx.store.transaction(async (trx) => {
        await updatePost(trx, post.id, { contents: message, date_modified: stamp })
        await touchThread(trx, post.thread_id, stamp)
        await auditLog(ctx, trx, actor, {
          action: 'edit',
          model: 'Post',
          modelId: post.id,
          title: `Post (${post.id}): ${post.id}`,
          change: `contents (${post.contents}) => (${message})`,
        })
        await ctx.dispatcher.fire(
          'post-after-save',
          postAfterSaveData((await findPost(trx, post.id))!),
          { action: 'edit', model: 'Post', id: post.id },
          { isRawTransferred: true, chain: actor.chain, db: trx },
        )
      })
      const thread = (await findThread(db, post.thread_id))!
      return { Post: postColumns((await findPost(db, post.id))!), Thread: threadColumns(thread) }
    },

    async delete(actor, id) {
      const post = await ownPost(actor, id, DISCUSSION_MESSAGES.notYourPostToDelete)
      const stamp = logTimestamp(ctx.clock.now())
      return ctx.store.transaction(async (trx) => {
        await deletePostRow(trx, post.id)
        await auditLog(ctx, trx, actor, {
          action: 'delete',
          model: 'Post',
          modelId: post.id,
          title: `Post (${post.id}): ${post.id}`,
        })
        await touchThread(trx, post.thread_id, stamp)
        // MISP's updateAfterPostChange: a thread whose last post went goes too.
        const thread = await findThread(trx, post.thread_id)
        if (!thread || thread.post_count > 0) return { isThreadDeleted: false }
        await deleteThreadRow(trx, thread.id)
        await auditLog(ctx, trx, actor, {
          action: 'delete',
          model: 'Thread',
          modelId: thread.id,
          title: `Thread (${thread.id}): ${thread.title}`,
        })
        return { isThreadDeleted: true }
      })
    },
  }

  const threads: Platform['threads'] = {
    async view(actor, id) {
      const threadId = parseId(id)
      const thread = threadId === null ? undefined : await findThread(db, threadId)
      if (!thread || !(await canSeeThread(db, actor, thread))) throw invalidThread()
      const rows = await listThreadPosts(db, thread.id)
      return { Thread: threadColumns(thread), Post: rows.map(postColumns) }
    },
    async index(actor) {
      const rows = await listThreads(db)
      const visible: MispJson[] = []
      for (const thread of rows) {
        if (await canSeeThread(db, actor, thread)) visible.push({ Thread: threadColumns(thread) })
      }
      return visible
    },
  }

  return { posts, threads }
}
