/**
 * Sluice's own debug listener, compatible with MISP's `tools/misp-workflows/webhook-listener.py`
 * (spec/ENGINE.md §2.13): it takes the same posts on the same paths, keeps the most recent ones
 * in memory and hands each new one to live subscribers (the listener page's event stream).
 * Point `Plugin.Workflow_debug_url` at `<sluice>/sluice/debug-listener` to use it.
 */

/** One received debug post. */
export interface ReceivedDebugPost {
  /** 1, 2, 3… in arrival order. */
  seq: number
  received_at: string
  trigger_id: string
  /** The path after the trigger id, with its query (`/exec/tag-if?result=success`). */
  path: string
  /** The body parsed as JSON (MISP's listener does the same whatever the content type), or its text. */
  body: unknown
  /** True when the body was larger than the listener keeps and was cut. */
  is_truncated?: boolean
}

/** The listener's memory and its subscribers. */
export interface DebugListener {
  receive(triggerId: string, path: string, bodyText: string): ReceivedDebugPost
  /** The posts kept, oldest first; only those after `afterSeq` when given. */
  recent(afterSeq?: number): ReceivedDebugPost[]
  /** Calls `listener` with every new post until the returned function is called. */
  subscribe(listener: (post: ReceivedDebugPost) => void): () => void
  clear(): void
}

/** What the listener keeps. */
export interface DebugListenerOptions {
  /** Posts kept (default 200). */
  capacity?: number
  /** Body characters kept per post (default 256 KiB). */
  maxBodyChars?: number
  now?: () => Date
}

/** An in-memory listener. */
export function createDebugListener(options: DebugListenerOptions = {}): DebugListener {
  const capacity = options.capacity ?? 200
  const maxBodyChars = options.maxBodyChars ?? 256 * 1024
  const now = options.now ?? (() => new Date())
  const posts: ReceivedDebugPost[] = []
  const subscribers = new Set<(post: ReceivedDebugPost) => void>()
  let seq = 0
  return {
    receive(triggerId, path, bodyText) {
      const post: ReceivedDebugPost = {
        seq: ++seq,
        received_at: now().toISOString(),
        trigger_id: triggerId,
        path,
        body: null,
      }
      if (bodyText.length > maxBodyChars) {
        post.body = bodyText.slice(0, maxBodyChars)
        post.is_truncated = true
      } else {
        try {
          post.body = bodyText === '' ? null : JSON.parse(bodyText)
        } catch {
          post.body = bodyText
        }
      }
      posts.push(post)
      if (posts.length > capacity) posts.splice(0, posts.length - capacity)
      for (const subscriber of subscribers) {
        try {
          subscriber(post)
        } catch {
          // One broken page must not stop the others.
        }
      }
      return post
    },
    recent(afterSeq) {
      return afterSeq === undefined ? [...posts] : posts.filter((post) => post.seq > afterSeq)
    },
    subscribe(listener) {
      subscribers.add(listener)
      return () => subscribers.delete(listener)
    },
    clear() {
      posts.length = 0
    },
  }
}
