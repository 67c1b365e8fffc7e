/**
 * Threads and posts in MISP's row shapes (spec/ENGINE.md §4.1.1 `post-after-save`, src/format/
 * lookups.ts `ThreadRow`): integer columns as strings, `datetime` columns as MySQL returns them.
 */
import type { PostRecord, ThreadRecord } from '../../store/index.ts'

const str = (value: number | null | undefined): string => String(value ?? 0)

/** Every `threads` column, in the table's order (`Thread->find('first', {recursive: -1})`). */
export function threadColumns(thread: ThreadRecord): Record<string, unknown> {
  return {
    id: str(thread.id),
    date_created: thread.date_created,
    date_modified: thread.date_modified,
    distribution: str(thread.distribution),
    user_id: str(thread.user_id),
    post_count: str(thread.post_count),
    event_id: str(thread.event_id),
    title: thread.title,
    org_id: str(thread.org_id),
    sharing_group_id: str(thread.sharing_group_id),
  }
}

/** Every `posts` column, in the table's order. */
export function postColumns(post: PostRecord): Record<string, unknown> {
  return {
    id: str(post.id),
    date_created: post.date_created,
    date_modified: post.date_modified,
    user_id: str(post.user_id),
    contents: post.contents,
    post_id: str(post.post_id),
    thread_id: str(post.thread_id),
  }
}

/**
 * The raw data of `post-after-save`: the post as `PostsController::add` saved it, the new id
 * appended the way CakePHP appends it after the insert (§4.1.1).
 */
export function postAfterSaveData(post: PostRecord): { Post: Record<string, unknown> } {
  const { id, ...saved } = postColumns(post)
  return { Post: { ...saved, id } }
}
