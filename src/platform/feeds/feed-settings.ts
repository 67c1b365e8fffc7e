/**
 * The settings feeds read (docs/feeds.md), with their defaults. `Security.disable_local_feed_access`
 * keeps MISP's name; the others are Sluice's own.
 */
import { type SettingReader, settingFlag, settingNumber } from '../outbound/index.ts'

/** Setting names. */
export const FEED_SETTINGS = {
  /** Attach feed hits (`Feed: […]`) to the attributes of full-event trigger data. */
  correlations: 'Sluice.feed_correlations',
  /** The most bytes one feed file (or one answer) may have. */
  maxBytes: 'Sluice.feed_max_bytes',
  /** MISP's switch refusing feeds read from the server's own disk. */
  disableLocal: 'Security.disable_local_feed_access',
} as const

/** Defaults used while a setting is absent. */
export const FEED_DEFAULTS = {
  correlations: true,
  maxBytes: 16 * 1024 * 1024,
  disableLocal: false,
} as const

/** The most values one feed's cache keeps; the rest of a source is refused (docs/feeds.md). */
export const FEED_MAX_VALUES = 1_000_000
/** The most events of a MISP-format feed's manifest that are read. */
export const FEED_MAX_EVENTS = 10_000
/** Longer values are left out of the cache: nothing correlates on them and indexes stay small. */
export const FEED_MAX_VALUE_BYTES = 1024

/** Whether full-event trigger data carries feed correlations (default on). */
export function isFeedCorrelationOn(read: SettingReader): boolean {
  return settingFlag(read, FEED_SETTINGS.correlations, FEED_DEFAULTS.correlations)
}

/** The byte cap of one feed file or answer. */
export function feedMaxBytes(read: SettingReader): number {
  return settingNumber(read, FEED_SETTINGS.maxBytes, FEED_DEFAULTS.maxBytes)
}

/** Whether local feeds are refused. */
export function isLocalFeedAccessDisabled(read: SettingReader): boolean {
  return settingFlag(read, FEED_SETTINGS.disableLocal, FEED_DEFAULTS.disableLocal)
}
