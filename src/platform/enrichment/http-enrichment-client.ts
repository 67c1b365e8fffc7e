/**
 * `EnrichmentClient`s over misp-modules' HTTP protocol: `POST <url>/query` with MISP's JSON body
 * (spec/PEERS.md §5.4, MISP `Module::sendRequest`). A non-2xx answer or a body that is not JSON
 * is an error; misp-modules' own `{error}` answers are returned as they are, as MISP does.
 * Both go through undici, never global `fetch`, which refuses misp-modules' port 6666.
 */
import { request } from 'undici'
import type { Outbound } from '../../engine/index.ts'
import { createMispModulesClient } from '../../modules/index.ts'
import type { EnrichmentClient } from './enrichment-service.ts'

/** Options of the HTTP client. */
export interface HttpEnrichmentClientOptions {
  /** Abort a query after this many milliseconds (MISP's `Plugin.Enrichment_timeout`, 10 s). */
  timeoutMs?: number
}

/** A client for the misp-modules service at `baseUrl` (`http://127.0.0.1:6666`). */
export function createHttpEnrichmentClient(
  baseUrl: string,
  options: HttpEnrichmentClientOptions = {},
): EnrichmentClient {
  const url = `${baseUrl.replace(/\/+$/, '')}/query`
  return {
    async query(_module, body) {
      const response = await request(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      })
      const text = await response.body.text()
      if (response.statusCode < 200 || response.statusCode > 299) {
        throw new Error(`${url} answered HTTP ${response.statusCode}`)
      }
      try {
        return JSON.parse(text)
      } catch {
        throw new Error(`${url} answered a body that is not JSON`)
      }
    },
  }
}

/**
 * The client of the configured Enrichment service (`Plugin.Enrichment_services_*`) through the
 * host's `Outbound` port; a disabled service is an error naming its setting.
 */
export function createOutboundEnrichmentClient(outbound: Outbound): EnrichmentClient {
  const client = createMispModulesClient(outbound, 'enrichment-services')
  return { query: (_module, body) => client.query(body) }
}
