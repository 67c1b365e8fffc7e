/**
 * Inputs handed from an embedded queue's enqueue to its own workers without the round trip
 * through the database (docs/queue.md "Same-process handoff"). Every job is still written in
 * full, so nothing depends on this: a job another process claims, a job claimed again after a
 * failure or a restart, or one whose input was not kept here, reads its input back from
 * `run_inputs` as before. What is saved is reading the input's text back from SQLite and, when
 * the trigger site gave the input away, parsing it too (together about a sixth of a deferred
 * run's CPU in bench/deferred.ts).
 *
 *   enqueue: ref = tag()           ──▶ job row carries `localRef`
 *            keep(ref, text, data?)
 *   claim:   take(ref) ─▶ data as given, or JSON.parse(text); none ─▶ read `run_inputs`
 *
 * A job's reference is unique to this queue (its owner plus a counter) and is written inside
 * the job, so a kept input can only meet the very job it was written with: a job that rolled
 * back with its caller's transaction is never claimed, and its entry ages out.
 */

/** An input kept for one job. */
export interface KeptInput {
  /** The input's JSON text, as written to `run_inputs`. */
  text: string
  /**
   * The input itself, when the caller gave it away (it will not change it again) and it is
   * plain JSON data, so that it is exactly what parsing `text` would give.
   */
  data?: unknown
  isTransferred: boolean
}

/** Limits of what is kept (a queue far behind keeps the oldest backlog, which runs first). */
export interface HandoffLimits {
  /** Kept inputs' text, in UTF-16 code units (default 64 Mi; a parsed input takes about 1.6 times its text). */
  maxTextLength?: number
  /** An entry not taken after this long is dropped: its job rolled back or another process took it (default 60 s). */
  maxAgeMs?: number
}

interface Entry extends KeptInput {
  keptAt: number
}

export interface InputHandoff {
  /** A reference for the next job, unique to this queue. */
  tag(): string
  /** Keeps `input` for the job written with `ref`, unless the limits are reached. */
  keep(ref: string, input: KeptInput): void
  /** The input kept for `ref`, once: a second claim of the job reads it from the database. */
  take(ref: string): KeptInput | undefined
  /** Drops everything (the queue closed). */
  clear(): void
}

export function createInputHandoff(owner: string, now: () => number, limits: HandoffLimits = {}): InputHandoff {
  const maxTextLength = limits.maxTextLength ?? 64 * 1024 * 1024
  const maxAgeMs = limits.maxAgeMs ?? 60_000
  // Insertion order is enqueue order: the oldest entry is always first.
  const kept = new Map<string, Entry>()
  let textLength = 0
  let count = 0

  const drop = (ref: string, entry: Entry) => {
    kept.delete(ref)
    textLength -= entry.text.length
  }

  const dropExpired = (at: number) => {
    for (const [ref, entry] of kept) {
      if (at - entry.keptAt < maxAgeMs) return
      drop(ref, entry)
    }
  }

  return {
    tag: () => `${owner}:${++count}`,
    keep(ref, input) {
      const at = now()
      dropExpired(at)
      // When full, the newest input is the one not kept: the queue runs the oldest first, so
      // dropping old ones to make room would throw away the ones about to be used.
      if (textLength + input.text.length > maxTextLength) return
      kept.set(ref, { ...input, keptAt: at })
      textLength += input.text.length
    },
    take(ref) {
      const entry = kept.get(ref)
      if (!entry) return undefined
      drop(ref, entry)
      return entry
    },
    clear() {
      kept.clear()
      textLength = 0
    },
  }
}
