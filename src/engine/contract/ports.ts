/**
 * The ports: the smallest interfaces through which the pure engine reaches the world
 * (ARCHITECTURE.md §4). The host passes implementations in; the engine imports none.
 */
import type { CoreFormatLookups } from '../../format/index.ts'
import type { DeferredWalk } from './outcome.ts'

/** The user a workflow runs as (spec/ENGINE.md §2.3). */
export interface WorkflowUser {
  id: number | string
  email: string
  org_id: number | string
  Role: Record<string, unknown>
  Organisation?: Record<string, unknown>
  [key: string]: unknown
}

/**
 * MISP data as modules and trigger normalisation see it. The look-ups of the core-format
 * converter come first; data-changing operations (tags, attributes, publish…) are added here
 * as optional methods when the action modules that need them land (issue #5), so that a host
 * without them still runs every logic module.
 */
export interface DataBackend extends CoreFormatLookups {
  /** The workflow user (spec/ENGINE.md §2.3); null when none can be found. */
  workflowUser?(): Promise<WorkflowUser | null>
}

/** An outbound HTTP request, as action modules describe it. */
export interface OutboundRequest {
  url: string
  method: string
  headers?: Record<string, string>
  body?: string
  timeoutMs?: number
  verifyTls?: boolean
}

/** An outbound HTTP response. */
export interface OutboundResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** Network side effects (HTTP, mail, ZeroMQ). Implemented by the host; absent in pure runs. */
export interface Outbound {
  http?(request: OutboundRequest): Promise<OutboundResponse>
}

/** Receives the walks `concurrent-task` hands off (spec/ENGINE.md §2.6.3). */
export interface Deferrer {
  defer(walk: DeferredWalk): void | Promise<void>
}

/** Time, injectable so that traces and tests are deterministic. */
export interface Clock {
  /** Wall-clock time (debug post timestamps). */
  now(): Date
  /** A monotonic reading in milliseconds (durations). */
  monotonic(): number
}

/** One of MISP's debug posts (spec/ENGINE.md §2.13): path relative to `<debug url>/<trigger id>`. */
export interface DebugPost {
  path: string
  body: {
    source: { node_id: number | string; module_id: string; filters: unknown; parameters: unknown }
    timestamp: string
    data: unknown
    errors?: string[]
  }
}

/** An execution log line as MISP writes it (spec/ENGINE.md §2.12). */
export interface ExecutionLogEntry {
  /** `error` lines are always written; `debug` lines only when the workflow's debug mode is on. */
  level: 'error' | 'debug'
  workflowId: string
  triggerId: string
  message: string
}

/** Where the engine's debug posts and log lines go. Fire and forget: a failing sink never aborts a run (Q19). */
export interface TraceSink {
  debugPost?(triggerId: string, post: DebugPost): void
  log?(entry: ExecutionLogEntry): void
}

/** Renders a Jinja template against the data view (spec/ENGINE.md §5.3). */
export interface TemplateRenderer {
  render(template: string, data: unknown): string | Promise<string>
}

/** Every port the engine may be given. All optional: a pure run needs none of them. */
export interface EnginePorts {
  backend?: DataBackend
  outbound?: Outbound
  deferrer?: Deferrer
  clock?: Clock
  trace?: TraceSink
  templates?: TemplateRenderer
}
