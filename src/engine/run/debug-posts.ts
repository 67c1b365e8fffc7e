/**
 * MISP's debug posts (spec/ENGINE.md §2.13), built only when the workflow's debug mode is on
 * and handed to the TraceSink, which sends them. A failing sink never aborts a run (Q19).
 */
import type { DebugPost, GraphNode } from '../contract/index.ts'
import type { WalkState } from './run-context.ts'

/** ISO 8601 with the UTC offset, as PHP's `date('c')` writes it. */
export function isoWithOffset(date: Date): string {
  const offsetMinutes = -date.getTimezoneOffset()
  const sign = offsetMinutes >= 0 ? '+' : '-'
  const abs = Math.abs(offsetMinutes)
  const pad = (n: number) => String(n).padStart(2, '0')
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19)
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

const EMPTY_SOURCE = { node_id: '', module_id: '', filters: '', parameters: '' }

function send(state: WalkState, post: DebugPost): void {
  try {
    state.ports.trace?.debugPost?.(state.triggerId, post)
  } catch {
    // Fire and forget: MISP aborts the run when its debug listener is down (Q19); Sluice does not.
  }
}

/** `/init?type=…` or `/end?outcome=…`: posts without a node. */
export function postRunEvent(state: WalkState, path: string, data: unknown): void {
  if (!state.debug) return
  send(state, { path, body: { source: EMPTY_SOURCE, timestamp: isoWithOffset(state.clock.now()), data } })
}

/** The data view for a post; null when computing it fails (the node then ends the walk). */
function currentView(state: WalkState): unknown {
  try {
    return state.roaming.getData()
  } catch {
    return null
  }
}

/** `/exec/<module>?result=…` after a node. */
export function postNodeEvent(
  state: WalkState,
  node: GraphNode,
  moduleId: string,
  query: string,
  errors?: string[],
): void {
  if (!state.debug) return
  const body: DebugPost['body'] = {
    source: {
      node_id: node.id,
      module_id: moduleId,
      filters: node.data.saved_filters ?? '',
      parameters: node.data.indexed_params ?? '',
    },
    timestamp: isoWithOffset(state.clock.now()),
    data: currentView(state),
  }
  if (errors && errors.length > 0) body.errors = errors
  send(state, { path: `/exec/${moduleId}?${query}`, body })
}

/** An execution log line (spec/ENGINE.md §2.12); debug lines only in debug mode. */
export function logLine(state: WalkState, level: 'error' | 'debug', message: string): void {
  if (level === 'debug' && !state.debug) return
  try {
    state.ports.trace?.log?.({ level, workflowId: state.workflowId, triggerId: state.triggerId, message })
  } catch {
    // Logging must never change a run's result.
  }
}
