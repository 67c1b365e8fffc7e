/**
 * The ports of a dry run (issue #6 point 4; docs/workflow-api.md `POST /sluice/workflows/run`):
 * the run's real ports, except that every data-changing operation of the `DataBackend`
 * (engine/contract/data-operations.ts), every outbound send (`Outbound.http`, `mail`, `publish`),
 * the enrichment queries and the concurrent-task hand-offs are **recorded** instead of done.
 * Read-only look-ups (fetching an event, listing warninglists, the workflow user, a configured
 * service's address) stay real, so that logic modules decide on the real data.
 *
 * Which node made a call: the catalogue is wrapped so that each module's `exec` marks its node
 * as the current one (a walk runs one node at a time, and concurrent-task branches do not run).
 *
 * A backend operation not known to be read-only is recorded, never performed: an operation added
 * to the port later is safe by default.
 */
import type {
  DataBackend,
  DeferredWalk,
  EnginePorts,
  Enrichment,
  ModuleCatalogue,
  Outbound,
  WorkflowModule,
} from '../../engine/index.ts'
import { SECRET_MASK, secretParamsOf } from '../../modules/index.ts'

/** One thing the run would have done. */
export interface WouldBeEffect {
  /** The node that asked for it (null when no node was running, which should not happen). */
  node_id: string | null
  module_id: string | null
  /** `backend.attachTag`, `outbound.http`, `outbound.mail`, `enrichment.enrichEvent`, `deferrer.defer`… */
  operation: string
  /** The arguments, secrets masked, long strings cut. */
  arguments: unknown[]
}

/** A dry run's ports and what they recorded. */
export interface DryRun {
  /** The ports of the run: `real` with its side effects replaced by recording. */
  portsOf(real: EnginePorts): EnginePorts
  /** The catalogue of the run: `real` with each module marking its node while it runs. */
  catalogueOf(real: ModuleCatalogue): ModuleCatalogue
  /** What was recorded, in call order. */
  readonly effects: WouldBeEffect[]
}

/** DataBackend members that only read (the core-format look-ups and the read-only operations). */
const READ_ONLY = new Set([
  'workflowUser',
  'fetchFullEvent',
  'organisationName',
  'listWarninglists',
  'checkWarninglists',
  'galaxyClusters',
  'listDecayingModels',
])
/** Names that read by convention (`fetchSimpleEvent`, `fetchAttribute`, `describeTypes`…). */
const READ_ONLY_PREFIX = /^(fetch|find|get|list|check|lookup|describe|search|count|is|has)[A-Z]/

/** What a recorded backend operation answers: what the real one would on success. */
function recordedAnswer(operation: string, args: unknown[]): unknown {
  switch (operation) {
    case 'publishEvent':
      return { published: true, errors: [] }
    case 'editAttribute':
      return { id: String(args[0]), ...(typeof args[1] === 'object' && args[1] !== null ? args[1] : {}) }
    case 'appendWarninglistEntries':
      return Number(args[0]) || 1
    default:
      return true
  }
}

/** Header names whose values are not secret. */
const PLAIN_HEADERS = new Set(['content-type', 'accept', 'user-agent', 'content-length'])
const MAX_STRING = 4_096

/** The secret values of a node's parameters: each parameter, and each `Name: value` line's value. */
function secretValues(node: CurrentNode | null): string[] {
  if (!node) return []
  const ids = secretParamsOf(node.moduleId)
  const values: string[] = []
  for (const id of ids) {
    const value = node.params?.[id]
    if (typeof value !== 'string' || value === '') continue
    values.push(value)
    for (const line of value.split(/\r?\n/)) {
      const colon = line.indexOf(':')
      const part = colon >= 0 ? line.slice(colon + 1).trim() : line.trim()
      if (part.length >= 4) values.push(part)
    }
  }
  // Longest first, so that a line's value does not leave part of a longer secret behind.
  return values.sort((a, b) => b.length - a.length)
}

function maskString(text: string, secrets: string[]): string {
  let out = text
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(SECRET_MASK)
  return out.length > MAX_STRING ? `${out.slice(0, MAX_STRING)}… (${out.length} characters)` : out
}

/** A JSON-safe copy of `value` with secrets masked and long strings cut. */
function masked(value: unknown, secrets: string[], key = '', depth = 0): unknown {
  if (typeof value === 'string') return maskString(value, secrets)
  if (typeof value !== 'object' || value === null) return value ?? null
  if (depth > 8) return '…'
  if (Array.isArray(value)) return value.slice(0, 100).map((item) => masked(item, secrets, '', depth + 1))
  const out: Record<string, unknown> = {}
  for (const [name, item] of Object.entries(value)) {
    if (key === 'headers' && !PLAIN_HEADERS.has(name.toLowerCase())) out[name] = SECRET_MASK
    else out[name] = masked(item, secrets, name, depth + 1)
  }
  return out
}

interface CurrentNode {
  nodeId: string
  moduleId: string
  params: Record<string, unknown> | undefined
}

/** Starts a dry run. */
export function createDryRun(): DryRun {
  const effects: WouldBeEffect[] = []
  let current: CurrentNode | null = null

  const record = (operation: string, args: unknown[]) => {
    const secrets = secretValues(current)
    effects.push({
      node_id: current?.nodeId ?? null,
      module_id: current?.moduleId ?? null,
      operation,
      arguments: args.map((arg) => masked(arg, secrets)),
    })
  }

  const backendOf = (real: DataBackend | undefined): DataBackend | undefined => {
    if (!real) return real
    return new Proxy(real, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver)
        if (typeof property !== 'string' || typeof value !== 'function') return value
        if (READ_ONLY.has(property) || READ_ONLY_PREFIX.test(property)) return value.bind(target)
        return async (...args: unknown[]) => {
          record(`backend.${property}`, args)
          return recordedAnswer(property, args)
        }
      },
    })
  }

  const outboundOf = (real: Outbound | undefined): Outbound => ({
    // A configured service's address is a look-up: the request to it is what gets recorded.
    ...(real?.service ? { service: real.service.bind(real) } : {}),
    async http(request) {
      record('outbound.http', [request])
      // An empty JSON object: what a caller parsing the answer can read without failing.
      return { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' }
    },
    async mail(message) {
      record('outbound.mail', [message])
      return { sent: 0 }
    },
    async publish(topic, payload) {
      record('outbound.publish', [topic, payload])
    },
  })

  const enrichmentOf = (real: Enrichment | undefined): Enrichment | undefined => {
    if (!real) return real
    return {
      modules: () => real.modules(),
      async queryAttribute(request) {
        record('enrichment.queryAttribute', [
          { module: request.module, attribute: request.attribute, eventId: request.eventId },
        ])
        return { kind: 'result', response: { results: [] } }
      },
      async enrichEvent(request) {
        record('enrichment.enrichEvent', [request])
        return { added: 0 }
      },
    }
  }

  const wrapped = new WeakMap<WorkflowModule, WorkflowModule>()
  const markingNode = (module: WorkflowModule): WorkflowModule => {
    let out = wrapped.get(module)
    if (!out) {
      out = {
        ...module,
        exec: (ctx) => {
          const node = ctx.node as { id?: unknown; data?: { id?: unknown; indexed_params?: unknown } }
          const params = node.data?.indexed_params
          current = {
            nodeId: String(node.id ?? ''),
            moduleId: String(node.data?.id ?? module.descriptor.id),
            params: typeof params === 'object' && params !== null ? (params as Record<string, unknown>) : undefined,
          }
          return module.exec(ctx)
        },
      } as WorkflowModule
      wrapped.set(module, out)
    }
    return out
  }

  return {
    effects,
    portsOf(real) {
      return {
        ...real,
        backend: backendOf(real.backend),
        outbound: outboundOf(real.outbound),
        enrichment: enrichmentOf(real.enrichment),
        // Debug posts leave the process: a dry run sends none.
        trace: { log: real.trace?.log },
        deferrer: {
          defer(walk: DeferredWalk) {
            record('deferrer.defer', [{ startNode: walk.nodeId, enqueuedBy: walk.enqueuedBy }])
          },
        },
      }
    },
    catalogueOf(real) {
      return {
        trigger: (id) => real.trigger(id),
        module: (moduleType, id) => {
          const module = real.module(moduleType, id)
          return module ? markingNode(module) : module
        },
      }
    },
  }
}
