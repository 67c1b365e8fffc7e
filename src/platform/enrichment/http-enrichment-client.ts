/**
 * An `EnrichmentClient` over misp-modules' HTTP protocol: `POST <url>/query` with MISP's JSON body
 * (spec/PEERS.md, MISP `Module::sendRequest`). A non-2xx answer or a body that is not JSON is an
 * error; misp-modules' own `{error}` answers are returned as they are, as MISP does.
 */
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
    async query(_module, request) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      })
      const text = await response.text()
      if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`)
      try {
        return JSON.parse(text)
      } catch {
        throw new Error(`${url} answered a body that is not JSON`)
      }
    },
  }
}
