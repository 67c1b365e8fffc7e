/**
 * The settings the outbound side reads, with their defaults (spec/ENGINE.md §5.7, §6.4;
 * docs/outbound.md). MISP's names are kept where MISP has the setting; Sluice's own are under
 * `Sluice.`. Values come from the settings table, so they are strings, numbers or booleans.
 */

/** Setting names. */
export const OUTBOUND_SETTINGS = {
  arbitraryUrls: 'Security.rest_client_enable_arbitrary_urls',
  allowList: 'Sluice.outbound_allow_list',
  timeout: 'Sluice.outbound_timeout',
  maxResponseBytes: 'Sluice.outbound_max_response_bytes',
  telegramApiUrl: 'Sluice.telegram_api_url',
  actionEnable: 'Plugin.Action_services_enable',
  actionUrl: 'Plugin.Action_services_url',
  actionPort: 'Plugin.Action_services_port',
  actionTimeout: 'Plugin.Action_timeout',
  enrichmentEnable: 'Plugin.Enrichment_services_enable',
  enrichmentUrl: 'Plugin.Enrichment_services_url',
  enrichmentPort: 'Plugin.Enrichment_services_port',
  enrichmentTimeout: 'Plugin.Enrichment_timeout',
  enrichmentHoverTimeout: 'Plugin.Enrichment_hover_timeout',
  enrichmentCacheTtl: 'Sluice.enrichment_cache_ttl',
  smtpHost: 'Sluice.smtp_host',
  smtpPort: 'Sluice.smtp_port',
  smtpSecure: 'Sluice.smtp_secure',
  smtpUsername: 'Sluice.smtp_username',
  smtpPassword: 'Sluice.smtp_password',
  smtpVerifyTls: 'Sluice.smtp_verify_tls',
  mailFrom: 'MISP.email',
  zmqHost: 'Plugin.ZeroMQ_host',
  zmqPort: 'Plugin.ZeroMQ_port',
} as const

/** Defaults used when a setting is absent (MISP's where MISP has one). */
export const OUTBOUND_DEFAULTS = {
  /** MISP's HTTP client default. */
  timeoutSeconds: 30,
  maxResponseBytes: 1024 * 1024,
  telegramApiUrl: 'https://api.telegram.org',
  servicesUrl: 'http://127.0.0.1',
  servicesPort: 6666,
  actionTimeoutSeconds: 10,
  enrichmentTimeoutSeconds: 10,
  enrichmentHoverTimeoutSeconds: 5,
  enrichmentCacheTtlSeconds: 300,
  smtpHost: '127.0.0.1',
  smtpPort: 25,
  mailFrom: 'sluice@localhost',
  zmqHost: '127.0.0.1',
  zmqPort: 50000,
} as const

/** Reads one setting by name. */
export type SettingReader = (name: string) => unknown

/** A setting as a boolean, PHP style (`true`, `1`, `"1"`, `"true"`). */
export function settingFlag(read: SettingReader, name: string, fallback = false): boolean {
  const value = read(name)
  if (value === undefined || value === null || value === '') return fallback
  return value === true || value === 1 || value === '1' || value === 'true'
}

/** A positive number setting, else the fallback. */
export function settingNumber(read: SettingReader, name: string, fallback: number): number {
  const value = Number(read(name))
  return Number.isFinite(value) && value > 0 ? value : fallback
}

/** A non-empty string setting, else the fallback. */
export function settingString(read: SettingReader, name: string, fallback: string): string {
  const value = read(name)
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback
}

/** `<url>:<port>` as MISP builds a service address (`Plugin.*_services_url` + `_port`). */
export function serviceBaseUrl(url: string, port: number): string {
  const trimmed = url.replace(/\/+$/, '')
  // A URL that already names a port keeps it.
  return /:\d+$/.test(trimmed) ? trimmed : `${trimmed}:${port}`
}
