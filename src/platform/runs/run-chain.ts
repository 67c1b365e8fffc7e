/**
 * The causal chain of a run and the loop guard (issue #4 point 6, spec/ENGINE.md §2.14). MISP
 * has no cross-run recursion guard: a workflow whose action fires its own trigger (a tag attached
 * by a `tag-attached-after-save` workflow, a publish by an `event-publish` workflow) runs again
 * and again. Sluice hands every operation a workflow action performs the chain of runs that led
 * to it (`Actor.chain`), the trigger that operation fires carries the chain into its runs, and a
 * run that would go past the limits is refused with an error naming the chain.
 *
 *   REST user ─▶ tag attach ─▶ tag-attached-after-save ─▶ run of W3 (chain [W3])
 *                                    ▲                       │ action attaches a tag as
 *                                    │                       ▼ actor {chain: [W3]}
 *                                    └──────── fire(…, {chain: [W3]}) ─▶ run of W3 (chain [W3, W3]) …
 *   … until the incoming chain is `maxDepth` long: that run fails with SLC_LOOP_GUARD, nothing fires.
 */

/** One run in a causal chain: which workflow ran, for which trigger, and its run id when recorded. */
export interface ChainLink {
  workflowId: string
  triggerId: string
  runId?: string
}

/**
 * The runs that caused an operation, oldest first. Empty (or absent) for an operation a person
 * or a client asked for; its length is the depth of the next run. Plain JSON: it travels in job
 * payloads between processes.
 */
export type RunChain = readonly ChainLink[]

/** The settings of the loop guard, and their defaults. */
export const LOOP_SETTINGS = {
  /** How many runs a causal chain may hold before the next one is refused. */
  maxDepth: { name: 'Sluice.loop_max_depth', default: 10 },
  /** How many times one workflow may appear in a chain before it may not run again in it. */
  maxReentries: { name: 'Sluice.loop_max_reentries', default: 10 },
} as const

/** The limits the guard applies. */
export interface LoopLimits {
  maxDepth: number
  maxReentries: number
}

/** The chain of a run of `link` caused by `chain`. */
export function extendChain(chain: RunChain | undefined, link: ChainLink): RunChain {
  return [...(chain ?? []), link]
}

/** `#3 (tag-attached-after-save) → #3 (tag-attached-after-save)`: the chain as errors show it. */
export function describeChain(chain: RunChain): string {
  return chain.map((link) => `workflow #${link.workflowId} (${link.triggerId})`).join(' → ')
}

/**
 * The loop guard's verdict on running workflow `next.workflowId` for `next.triggerId` inside
 * `chain`: null when it may run, else the error that refuses it (code SLC_LOOP_GUARD, naming the
 * chain including the refused run).
 */
export function loopGuardRefusal(chain: RunChain | undefined, next: ChainLink, limits: LoopLimits): string | null {
  const links = chain ?? []
  if (links.length === 0) return null
  const full = describeChain([...links, next])
  if (links.length >= limits.maxDepth) {
    return `SLC_LOOP_GUARD: workflow #${next.workflowId} was not run for trigger \`${next.triggerId}\`: the chain of runs that caused it is ${links.length} deep (limit ${limits.maxDepth}). Chain: ${full}`
  }
  const entries = links.filter((link) => link.workflowId === next.workflowId).length
  if (entries >= limits.maxReentries) {
    return `SLC_LOOP_GUARD: workflow #${next.workflowId} was not run for trigger \`${next.triggerId}\`: it already ran ${entries} times in this chain (limit ${limits.maxReentries}). Chain: ${full}`
  }
  return null
}

/** Reads a limit setting: a positive integer, else the default. */
export function limitSetting(value: unknown, fallback: number): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : fallback
}

/** The limits as the settings hold them (`get` reads a setting). */
export function loopLimits(get: (name: string) => unknown): LoopLimits {
  return {
    maxDepth: limitSetting(get(LOOP_SETTINGS.maxDepth.name), LOOP_SETTINGS.maxDepth.default),
    maxReentries: limitSetting(get(LOOP_SETTINGS.maxReentries.name), LOOP_SETTINGS.maxReentries.default),
  }
}

/** Whether `value` is a chain (a job payload from another process is checked before use). */
export function isRunChain(value: unknown): value is RunChain {
  return (
    Array.isArray(value) &&
    value.every(
      (link) =>
        typeof link === 'object' &&
        link !== null &&
        typeof link.workflowId === 'string' &&
        typeof link.triggerId === 'string' &&
        (link.runId === undefined || typeof link.runId === 'string'),
    )
  )
}
