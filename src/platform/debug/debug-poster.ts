/**
 * Sends the engine's debug posts (spec/ENGINE.md §2.13) to `<Plugin.Workflow_debug_url>/<trigger
 * id><path>`, as MISP does for workflows in debug mode: POST, JSON body, 5 s timeout. Fire and
 * forget: a run never waits for its posts and a failing listener never fails a run (MISP aborts
 * the run, Q19; docs/differences-from-misp.md). Posts leave one after another, in the order the
 * run made them, so a listener reads them in order; past `maxPending` queued posts, new ones are
 * dropped rather than held in memory.
 */
import { request } from 'undici'
import type { DebugPost } from '../../engine/index.ts'
import { redactDebugSource } from '../../modules/index.ts'
import { DEFAULT_DEBUG_URL } from '../settings/setting-catalogue.ts'

/** What the poster needs. */
export interface DebugPosterOptions {
  /** The debug base URL now (`Plugin.Workflow_debug_url`). */
  baseUrl: () => unknown
  /** Milliseconds before a post is given up (MISP: 5 s). */
  timeoutMs?: number
  /** Posts waiting beyond this are dropped (default 1000). */
  maxPending?: number
  /** Told about a post that failed (never about its body). */
  onError?: (message: string) => void
}

/** The engine's `TraceSink.debugPost`, plus a way to wait for posts in flight. */
export interface DebugPoster {
  debugPost(triggerId: string, post: DebugPost): void
  /** Resolves once every post made so far has been sent or given up. */
  settled(): Promise<void>
}

/** The URL a post goes to. Spaces and other characters MISP leaves raw in `message=` are percent-encoded. */
export function debugPostUrl(baseUrl: string, triggerId: string, path: string): string {
  return encodeURI(`${baseUrl.replace(/\/+$/, '')}/${triggerId}${path}`)
}

/** A poster that reads the base URL at each post, so a settings change applies at once. */
export function createDebugPoster(options: DebugPosterOptions): DebugPoster {
  const timeoutMs = options.timeoutMs ?? 5000
  const maxPending = options.maxPending ?? 1000
  let tail: Promise<void> = Promise.resolve()
  let pending = 0

  const send = async (url: string, body: string) => {
    try {
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      })
      await response.body.dump()
    } catch (error) {
      options.onError?.(`debug post to ${new URL(url).origin} failed: ${(error as Error).message}`)
    }
  }

  return {
    debugPost(triggerId, post) {
      const configured = options.baseUrl()
      const base = typeof configured === 'string' && configured !== '' ? configured : DEFAULT_DEBUG_URL
      let url: string
      try {
        url = debugPostUrl(base, triggerId, post.path)
        new URL(url)
      } catch {
        options.onError?.('debug post skipped: Plugin.Workflow_debug_url is not a valid URL')
        return
      }
      if (pending >= maxPending) {
        options.onError?.('debug post dropped: too many posts waiting for the debug listener')
        return
      }
      pending++
      // The node's parameters travel to a listener that may log or show them: not its secrets.
      const body = JSON.stringify(
        'source' in post.body ? { ...post.body, source: redactDebugSource(post.body.source) } : post.body,
      )
      tail = tail
        .then(() => send(url, body))
        .finally(() => {
          pending--
        })
    },
    async settled() {
      while (pending > 0) await tail
    },
  }
}
