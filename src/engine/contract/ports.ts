/**
 * The ports: the smallest interfaces through which the pure engine reaches the world
 * (ARCHITECTURE.md §4). The host passes implementations in; the engine imports none.
 */
import type { CoreFormatLookups } from '../../format/index.ts'
import type { DataOperations } from './data-operations.ts'
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
 * MISP data as modules and trigger normalisation see it: the look-ups of the core-format
 * converter, and the optional data-changing operations of the action modules
 * (data-operations.ts), so that a host without them still runs every logic module.
 */
export interface DataBackend extends CoreFormatLookups, DataOperations {
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
  /** Refuse an answer longer than this many bytes (default: the host's cap). */
  maxResponseBytes?: number
}

/** An outbound HTTP response. */
export interface OutboundResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * Who a mail goes to, as MISP's mail modules select them (spec/ENGINE.md §4.3 `send-mail`,
 * `send-log-mail`); the host resolves the selection against its users.
 */
export interface MailRecipients {
  /** Every user, disabled ones included. */
  allAccounts?: boolean
  /** Users whose role has `perm_site_admin`. */
  allAdmins?: boolean
  /** Users with `perm_admin` in the organisation of this user (`send-log-mail`'s `Org admins`). */
  orgAdminsOfUser?: number | string
  /** Users with one of these e-mail addresses. */
  emails?: string[]
}

/** A mail to send to each selected user. */
export interface MailMessage {
  recipients: MailRecipients
  subject: string
  body: string
}

/** A service whose address the administrator configured (so it is reachable without the allow-list). */
export interface OutboundService {
  /** Base URL, port included (`http://127.0.0.1:6666`). */
  url: string
  timeoutMs: number
  enabled: boolean
}

/** Names of the configured services modules may ask for. */
export type OutboundServiceName = 'telegram' | 'action-services' | 'enrichment-services'

/**
 * Network side effects (HTTP, mail, ZeroMQ). Implemented by the host (src/platform/outbound/);
 * absent in pure runs. Every method rejects with a clear message when it cannot do its job.
 */
export interface Outbound {
  http?(request: OutboundRequest): Promise<OutboundResponse>
  /** Sends `message` to each selected user; answers how many users it went to. */
  mail?(message: MailMessage): Promise<{ sent: number }>
  /** Publishes `payload` as JSON on the ZeroMQ PUB socket under `topic` (MISP's `push_zmq`). */
  publish?(topic: string, payload: unknown): Promise<void>
  /** A configured service (misp-modules, the Telegram API). */
  service?(name: OutboundServiceName): OutboundService | undefined
}

/** An enrichment module of misp-modules, as `attach-enrichment` and `enrich-event` need it. */
export interface EnrichmentModuleInfo {
  name: string
  /** The attribute types it accepts (`mispattributes.input`). */
  input: string[]
  /** `mispattributes.format` (`misp_standard`), when the module declares one. */
  format?: string
}

/** What an enrichment query answered: the service's JSON, or the `enrichment-before-query` veto. */
export type EnrichmentAnswer =
  | { kind: 'result'; response: unknown }
  | { kind: 'blocked'; message: string; errors: string[] }

/**
 * The enrichment side of the host (spec/ENGINE.md §4.3 `attach-enrichment`, `enrich-event`):
 * misp-modules' Enrichment service, reached through the `Outbound` port, each query preceded
 * by the blocking `enrichment-before-query` trigger, answers cached per (module, value).
 */
export interface Enrichment {
  /** The enrichment modules misp-modules offers (`GET /modules`). */
  modules(): Promise<EnrichmentModuleInfo[]>
  /**
   * Queries `module` for one attribute (MISP's `attach-enrichment` body, hover timeout), after
   * firing `enrichment-before-query` with `triggerData`; rejects when the service fails.
   */
  queryAttribute(request: {
    module: string
    attribute: Record<string, unknown>
    eventId: string
    triggerData: unknown
  }): Promise<EnrichmentAnswer>
  /**
   * MISP's event enrichment with one module: queries each (or each listed) attribute and adds
   * what the module found to the event. Null when the service is unreachable or the module unknown.
   */
  enrichEvent(request: {
    eventId: string
    module: string
    attributeUuids?: string[]
  }): Promise<{ added: number } | null>
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

/** The parameter a template comes from: a renderer words its errors for it (a secret one is never quoted). */
export interface TemplateSource {
  moduleId: string
  paramId: string
}

/** Renders a Jinja template against the data view (spec/ENGINE.md §5.3). */
export interface TemplateRenderer {
  render(template: string, data: unknown, source?: TemplateSource): string | Promise<string>
}

/** Every port the engine may be given. All optional: a pure run needs none of them. */
export interface EnginePorts {
  backend?: DataBackend
  outbound?: Outbound
  deferrer?: Deferrer
  clock?: Clock
  trace?: TraceSink
  templates?: TemplateRenderer
  /** misp-modules enrichment through the host (attach-enrichment, enrich-event). */
  enrichment?: Enrichment
}
