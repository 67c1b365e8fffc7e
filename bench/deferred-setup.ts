/**
 * What the deferred-throughput benchmark (bench/deferred.ts) and its worker processes
 * (bench/deferred-worker.ts) share: the 6-node chain (bench/six-node-chain.ts) on a non-blocking
 * trigger, the 38-attribute event, and a queue wrapper that notes when each job
 * was written and when its run ended.
 *
 *   trigger (event-after-save-new) ─► IF :: Tag ─► IF :: Generic ─► Filter :: Generic ─► count ─► stop-execution
 */
import { readFileSync } from 'node:fs'
import type { WorkflowRecord } from '../src/engine/index.ts'
import type { LocalPlatform } from '../src/platform/index.ts'
import type { JobQueue, TriggerJob } from '../src/queue/index.ts'
import { CHAIN_MODULES, sixNodeChain } from './six-node-chain.ts'

/** The non-blocking trigger the chain hangs on: it receives the full event, as event-publish does. */
export const DEFERRED_TRIGGER = 'event-after-save-new'

/** The OSINT Regin event (38 attributes), as bench/engine.ts (a) uses it. */
export function reginEvent(): { Event: Record<string, unknown> } {
  return JSON.parse(
    readFileSync(new URL('../../shared/fixtures/events/osint-regin-event.json', import.meta.url), 'utf8'),
  )
}

/** The 6-node chain on the non-blocking trigger. */
export function deferredChain(): WorkflowRecord {
  return {
    id: 0,
    name: 'Deferred benchmark chain',
    trigger_id: DEFERRED_TRIGGER,
    data: sixNodeChain(DEFERRED_TRIGGER, {
      tagScope: 'event',
      tag: 'Type:OSINT',
      eventField: 'analysis',
      value: '2',
      attributeType: 'md5',
    }),
  }
}

/** Enables workflows, the trigger and the chain's modules, and installs the chain. */
export async function installChain(platform: LocalPlatform): Promise<void> {
  await platform.settings.set('Plugin.Workflow_enable', true)
  await platform.settings.set(`Plugin.Workflow_triggers_${DEFERRED_TRIGGER}`, true)
  const enabled = platform.settings.get('Workflow.modules_enabled')
  const ids = new Set(Array.isArray(enabled) ? (enabled as string[]) : [])
  for (const id of CHAIN_MODULES) ids.add(id)
  await platform.settings.set('Workflow.modules_enabled', [...ids])
  await platform.workflows.install(deferredChain())
}

/** The benchmark's mark on a fired event: its `Event.info` is `bench <n>`. */
export function benchId(payload: unknown): string | null {
  const info = (payload as TriggerJob).data as { Event?: { info?: unknown } } | undefined
  const text = typeof info?.Event?.info === 'string' ? info.Event.info : ''
  return text.startsWith('bench ') ? text : null
}

/** `inner`, noting in `finished` when each benchmark job's run ended (ms since the epoch). */
export function timedQueue(inner: JobQueue, finished: Map<string, number>): JobQueue {
  return {
    ...inner,
    kind: inner.kind,
    enqueue: (payload, db) => inner.enqueue(payload, db),
    start(handler) {
      inner.start(async (payload) => {
        await handler(payload)
        const id = benchId(payload)
        if (id) finished.set(id, Date.now())
      })
    },
    drain: () => inner.drain(),
    depth: () => inner.depth(),
    deadJobs: (limit) => inner.deadJobs(limit),
    close: () => inner.close(),
  }
}
