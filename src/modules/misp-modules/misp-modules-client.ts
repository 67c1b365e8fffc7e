/**
 * A client for misp-modules' HTTP protocol (spec/PEERS.md §5.4, spec/ENGINE.md §5.7):
 * `GET /modules` lists the modules, `POST /query` runs one. It reaches the network only through
 * the `Outbound` port, so the host's timeouts and size caps apply, and it works wherever the
 * engine runs. Every way the service can fail (disabled, unreachable, timeout, non-2xx, an
 * answer that is not JSON) is an error with a message naming it: a failed query never looks
 * like an answer.
 */
import type { Outbound, OutboundServiceName } from '../../engine/index.ts'

/** One entry of `GET /modules`. */
export interface MispModuleInfo {
  name: string
  type: string
  mispattributes?: { input?: string[]; output?: string[]; format?: string; [key: string]: unknown }
  meta?: {
    'module-type'?: string[]
    description?: string
    config?: unknown
    [key: string]: unknown
  }
}

/** A misp-modules service: the action or the enrichment one. */
export interface MispModulesClient {
  /** The modules the service offers; `timeoutMs` as MISP's discovery (1 s). */
  modules(timeoutMs?: number): Promise<MispModuleInfo[]>
  /** Runs a module: posts `body` to `/query` and answers the parsed JSON. */
  query(body: Record<string, unknown>, timeoutMs?: number): Promise<unknown>
}

/** MISP's discovery timeout (spec/ENGINE.md §5.7). */
export const DISCOVERY_TIMEOUT_MS = 1000

const SETTING_PREFIX: Record<Exclude<OutboundServiceName, 'telegram'>, string> = {
  'action-services': 'Plugin.Action_services_enable',
  'enrichment-services': 'Plugin.Enrichment_services_enable',
}

/** A client for the configured `service`, over `outbound`. */
export function createMispModulesClient(
  outbound: Outbound | undefined,
  service: 'action-services' | 'enrichment-services',
): MispModulesClient {
  const target = () => {
    const http = outbound?.http
    const config = outbound?.service?.(service)
    if (!http || !config) throw new Error('misp-modules cannot be reached: this host has no outbound HTTP')
    if (!config.enabled) throw new Error(`misp-modules is disabled (\`${SETTING_PREFIX[service]}\` is off)`)
    return { http, config }
  }
  const call = async (method: 'GET' | 'POST', path: string, timeoutMs: number | undefined, body?: string) => {
    const { http, config } = target()
    let response: Awaited<ReturnType<typeof http>>
    try {
      response = await http({
        url: `${config.url}${path}`,
        method,
        headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body } : {}),
        timeoutMs: timeoutMs ?? config.timeoutMs,
      })
    } catch (error) {
      throw new Error(`misp-modules did not answer ${method} ${path}: ${(error as Error).message}`)
    }
    if (response.status < 200 || response.status > 299) {
      throw new Error(`misp-modules answered ${method} ${path} with HTTP ${response.status}`)
    }
    try {
      return JSON.parse(response.body) as unknown
    } catch {
      throw new Error(`misp-modules answered ${method} ${path} with a body that is not JSON`)
    }
  }
  return {
    async modules(timeoutMs = DISCOVERY_TIMEOUT_MS) {
      const list = await call('GET', '/modules', timeoutMs)
      if (!Array.isArray(list)) throw new Error('misp-modules answered GET /modules with something that is not a list')
      return list.filter(
        (entry): entry is MispModuleInfo =>
          typeof entry === 'object' && entry !== null && typeof (entry as { name?: unknown }).name === 'string',
      )
    },
    query(body, timeoutMs) {
      return call('POST', '/query', timeoutMs, JSON.stringify(body))
    },
  }
}
