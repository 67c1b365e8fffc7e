/**
 * Where misp-modules is, as one URL (`sluice serve --enrichment-url`, `SLUICE_ENRICHMENT_URL`),
 * turned into the settings MISP keeps it in: `Plugin.Enrichment_services_url` (scheme and host),
 * `Plugin.Enrichment_services_port` (when the URL names one) and
 * `Plugin.Enrichment_services_enable`, since naming the service means using it.
 */
import { UserError } from '../../errors.ts'

/** The settings that point the enrichment service at `url`, in the order to write them. */
export function enrichmentLocationSettings(url: string, source = '--enrichment-url'): Array<[string, unknown]> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new UserError('SLC_VALIDATION', `${source} ${url}: not a URL (expected http://host:port)`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UserError('SLC_VALIDATION', `${source} ${url}: misp-modules is reached over http:// or https://`)
  }
  // MISP appends the port to the URL setting (outbound-settings.ts serviceBaseUrl), so a path,
  // credentials or a query would end up in the wrong place.
  const hasExtras = parsed.username !== '' || parsed.password !== '' || parsed.search !== '' || parsed.hash !== ''
  if (hasExtras || parsed.pathname.replace(/\/+$/, '') !== '') {
    throw new UserError('SLC_VALIDATION', `${source} ${url}: give only the scheme, host and port`)
  }
  const settings: Array<[string, unknown]> = [
    ['Plugin.Enrichment_services_url', `${parsed.protocol}//${parsed.hostname}`],
  ]
  if (parsed.port !== '') settings.push(['Plugin.Enrichment_services_port', Number(parsed.port)])
  settings.push(['Plugin.Enrichment_services_enable', true])
  return settings
}
