/**
 * The server settings Sluice exposes over MISP's `/servers/serverSettings` and
 * `/servers/serverSettingsEdit/<name>` (spec/ENGINE.md §6.4), each with its type, default and
 * check, so that MISP's documented set-up steps ("set `Plugin.Workflow_enable` to true",
 * "enable the trigger") work unchanged. Per-trigger switches are generated from the module
 * registry, as MISP generates them. Other parts add their names here (one entry each).
 */
import type { ModuleDescriptor } from '../../engine/index.ts'
import { LOOP_SETTINGS } from '../runs/run-chain.ts'
import { FEED_DEFAULTS, FEED_SETTINGS } from '../feeds/feed-settings.ts'
import { RUN_SETTINGS } from '../runs/run-recorder.ts'

/** How a setting's value is checked and shown. */
export type SettingType = 'boolean' | 'string' | 'numeric' | 'url'

/** One setting. */
export interface SettingDefinition {
  name: string
  type: SettingType
  /** The value used while none is stored. */
  default: unknown
  description: string
  /** MISP's level: 0 critical, 1 recommended, 2 optional. */
  level: 0 | 1 | 2
  /** Never shown in API output or logs (passwords, tokens). */
  isSecret?: boolean
  /** Numeric settings: the accepted range. */
  min?: number
  max?: number
}

/** The debug listener MISP ships listens here (spec/ENGINE.md §2.13). */
export const DEFAULT_DEBUG_URL = 'http://127.0.0.1:27051'

/** The name of a trigger's switch (spec/ENGINE.md §5.5). */
export function triggerSettingName(triggerId: string): string {
  return `Plugin.Workflow_triggers_${triggerId}`
}

const STATIC_SETTINGS: SettingDefinition[] = [
  {
    name: 'Plugin.Workflow_enable',
    type: 'boolean',
    default: false,
    level: 1,
    description: 'Master switch of workflows: triggers fire and the /workflows endpoints answer only when it is on.',
  },
  {
    name: 'Plugin.Workflow_debug_url',
    type: 'url',
    default: DEFAULT_DEBUG_URL,
    level: 1,
    description:
      'Where workflows in debug mode post their debug messages (MISP’s webhook-listener.py, or Sluice’s own listener at /sluice/debug-listener).',
  },
  {
    name: 'Plugin.Action_services_enable',
    type: 'boolean',
    default: false,
    level: 1,
    description: 'Use the action modules of a misp-modules service in workflows.',
  },
  {
    name: 'Plugin.Action_services_url',
    type: 'url',
    default: 'http://127.0.0.1',
    level: 1,
    description: 'The base URL of the misp-modules service for action modules.',
  },
  {
    name: 'Plugin.Action_services_port',
    type: 'numeric',
    default: 6666,
    level: 1,
    min: 1,
    max: 65535,
    description: 'The port of the misp-modules service for action modules.',
  },
  {
    name: 'Plugin.Action_timeout',
    type: 'numeric',
    default: 10,
    level: 1,
    min: 1,
    max: 3600,
    description: 'Seconds to wait for a misp-modules action module.',
  },
  {
    name: 'Plugin.Enrichment_services_enable',
    type: 'boolean',
    default: false,
    level: 1,
    description: 'Use the enrichment modules of a misp-modules service.',
  },
  {
    name: 'Plugin.Enrichment_services_url',
    type: 'url',
    default: 'http://127.0.0.1',
    level: 1,
    description: 'The base URL of the misp-modules service for enrichment.',
  },
  {
    name: 'Plugin.Enrichment_services_port',
    type: 'numeric',
    default: 6666,
    level: 1,
    min: 1,
    max: 65535,
    description: 'The port of the misp-modules service for enrichment.',
  },
  {
    name: 'Plugin.Enrichment_timeout',
    type: 'numeric',
    default: 10,
    level: 1,
    min: 1,
    max: 3600,
    description: 'Seconds to wait for an enrichment module.',
  },
  {
    name: 'Plugin.Enrichment_hover_timeout',
    type: 'numeric',
    default: 5,
    level: 2,
    min: 1,
    max: 3600,
    description: 'Seconds to wait for a hover enrichment.',
  },
  {
    name: 'Security.rest_client_enable_arbitrary_urls',
    type: 'boolean',
    default: false,
    level: 0,
    description:
      'With no outbound allow-list, let the webhook, Teams and Splunk HEC actions reach any URL (docs/outbound.md).',
  },
  // Outbound (issue #5, docs/outbound.md).
  {
    name: 'Sluice.outbound_allow_list',
    type: 'string',
    default: '',
    level: 0,
    description:
      'Where HTTP actions may connect: host names, *.domains, host:port, addresses and networks (10.0.0.0/8), separated by commas or new lines; * for anywhere. Empty: Security.rest_client_enable_arbitrary_urls decides.',
  },
  {
    name: 'Sluice.outbound_timeout',
    type: 'numeric',
    default: 30,
    level: 1,
    min: 1,
    max: 3600,
    description: 'Seconds an outbound HTTP request or SMTP exchange may take.',
  },
  {
    name: 'Sluice.outbound_max_response_bytes',
    type: 'numeric',
    default: 1048576,
    level: 2,
    min: 1024,
    max: 104857600,
    description: 'The largest HTTP answer an action accepts, in bytes.',
  },
  {
    name: 'Sluice.telegram_api_url',
    type: 'url',
    default: 'https://api.telegram.org',
    level: 2,
    description: 'The Telegram Bot API base URL of telegram-send-alert.',
  },
  {
    name: 'Sluice.enrichment_cache_ttl',
    type: 'numeric',
    default: 300,
    level: 2,
    min: 0,
    max: 604800,
    description: 'Seconds misp-modules enrichment answers are kept per (module, type, value); 0 turns the cache off.',
  },
  {
    name: 'Sluice.smtp_host',
    type: 'string',
    default: '127.0.0.1',
    level: 1,
    description: 'The SMTP server of send-mail and send-log-mail.',
  },
  {
    name: 'Sluice.smtp_port',
    type: 'numeric',
    default: 25,
    level: 1,
    min: 1,
    max: 65535,
    description: 'The SMTP server port.',
  },
  {
    name: 'Sluice.smtp_secure',
    type: 'boolean',
    default: false,
    level: 2,
    description: 'Connect to the SMTP server with TLS from the start (port 465); otherwise STARTTLS when offered.',
  },
  {
    name: 'Sluice.smtp_verify_tls',
    type: 'boolean',
    default: true,
    level: 2,
    description: 'Verify the SMTP server’s TLS certificate.',
  },
  {
    name: 'Sluice.smtp_username',
    type: 'string',
    default: '',
    level: 2,
    description: 'The SMTP login; empty for none.',
  },
  {
    name: 'Sluice.smtp_password',
    type: 'string',
    default: '',
    level: 2,
    isSecret: true,
    description: 'The SMTP password.',
  },
  {
    name: 'MISP.email',
    type: 'string',
    default: 'sluice@localhost',
    level: 1,
    description: 'The sender address of the mails workflows send.',
  },
  {
    name: 'Plugin.ZeroMQ_host',
    type: 'string',
    default: '127.0.0.1',
    level: 2,
    description: 'The address the ZeroMQ publisher of push-zmq binds.',
  },
  {
    name: 'Plugin.ZeroMQ_port',
    type: 'numeric',
    default: 50000,
    level: 2,
    min: 1,
    max: 65535,
    description: 'The port the ZeroMQ publisher of push-zmq binds.',
  },
  // Feeds (docs/feeds.md).
  {
    name: FEED_SETTINGS.correlations,
    type: 'boolean',
    default: FEED_DEFAULTS.correlations,
    level: 1,
    description:
      'Attach feed correlations (`Feed: [...]`) to the attributes of full-event trigger data (event-publish, event-after-save-new, reload-full-event).',
  },
  {
    name: FEED_SETTINGS.maxBytes,
    type: 'numeric',
    default: FEED_DEFAULTS.maxBytes,
    level: 2,
    min: 1024,
    max: 1073741824,
    description: 'The most bytes one feed file or feed answer may have; a larger source is not cached.',
  },
  {
    name: FEED_SETTINGS.disableLocal,
    type: 'boolean',
    default: FEED_DEFAULTS.disableLocal,
    level: 1,
    description: 'Refuse feeds read from the server’s own disk (input_source `local`).',
  },
  // The run history and the loop guard (docs/runs.md).
  {
    name: RUN_SETTINGS.captureData.name,
    type: 'boolean',
    default: RUN_SETTINGS.captureData.default,
    level: 2,
    description: 'Keep the data each node saw in the run history (cut at Sluice.runs_data_cap_bytes).',
  },
  {
    name: RUN_SETTINGS.dataCapBytes.name,
    type: 'numeric',
    default: RUN_SETTINGS.dataCapBytes.default,
    level: 2,
    min: 256,
    max: 16777216,
    description: 'The most JSON bytes of the data a node saw that the run history keeps; the rest is marked as cut.',
  },
  {
    name: RUN_SETTINGS.maxAgeDays.name,
    type: 'numeric',
    default: RUN_SETTINGS.maxAgeDays.default,
    level: 2,
    min: 0,
    max: 36500,
    description: 'Runs older than this many days are purged from the history (0: no age limit).',
  },
  {
    name: RUN_SETTINGS.maxCount.name,
    type: 'numeric',
    default: RUN_SETTINGS.maxCount.default,
    level: 2,
    min: 0,
    max: 1000000000,
    description: 'Only this many newest runs are kept in the history (0: no count limit).',
  },
  {
    name: LOOP_SETTINGS.maxDepth.name,
    type: 'numeric',
    default: LOOP_SETTINGS.maxDepth.default,
    level: 1,
    min: 1,
    max: 1000,
    description: 'Loop guard: a run caused by a chain of this many workflow runs is refused with SLC_LOOP_GUARD.',
  },
  {
    name: LOOP_SETTINGS.maxReentries.name,
    type: 'numeric',
    default: LOOP_SETTINGS.maxReentries.default,
    level: 1,
    min: 1,
    max: 1000,
    description: 'Loop guard: a workflow that already ran this many times in its chain of runs is refused.',
  },
  {
    name: 'MISP.host_org_id',
    type: 'numeric',
    default: 1,
    level: 0,
    min: 1,
    description: 'The host organisation; workflows run as its SYSTEM user.',
  },
]

/** Every setting: the static ones, then one switch per trigger (sorted by trigger id). */
export function settingCatalogue(triggers: readonly ModuleDescriptor[]): SettingDefinition[] {
  const perTrigger = [...triggers]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(
      (trigger): SettingDefinition => ({
        name: triggerSettingName(trigger.id),
        type: 'boolean',
        default: false,
        level: 1,
        description: `Enable/disable the \`${trigger.id}\` trigger`,
      }),
    )
  return [...STATIC_SETTINGS, ...perTrigger]
}

/** A value checked against its definition: the value to store, or why it is refused. */
export type CheckedValue = { ok: true; value: unknown } | { ok: false; message: string }

const TRUE_TEXTS = new Set(['1', 'true', 'yes', 'on'])
const FALSE_TEXTS = new Set(['0', 'false', 'no', 'off', ''])

/** Checks a value sent to `serverSettingsEdit` (MISP's forms send strings: "1", "true"…). */
export function checkSettingValue(definition: SettingDefinition, value: unknown): CheckedValue {
  switch (definition.type) {
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value }
      if (value === 0 || value === 1) return { ok: true, value: value === 1 }
      const text = typeof value === 'string' ? value.trim().toLowerCase() : null
      if (text !== null && TRUE_TEXTS.has(text)) return { ok: true, value: true }
      if (text !== null && FALSE_TEXTS.has(text)) return { ok: true, value: false }
      return { ok: false, message: 'must be a boolean (true or false, 1 or 0)' }
    }
    case 'numeric': {
      const number =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : Number.NaN
      if (!Number.isFinite(number)) return { ok: false, message: 'must be a number' }
      if (definition.min !== undefined && number < definition.min)
        return { ok: false, message: `must be at least ${definition.min}` }
      if (definition.max !== undefined && number > definition.max)
        return { ok: false, message: `must be at most ${definition.max}` }
      return { ok: true, value: number }
    }
    case 'url': {
      if (typeof value !== 'string') return { ok: false, message: 'must be a URL (http or https)' }
      let url: URL
      try {
        url = new URL(value.trim())
      } catch {
        return { ok: false, message: 'must be a URL (http or https)' }
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return { ok: false, message: 'must be an http or https URL' }
      return { ok: true, value: value.trim().replace(/\/+$/, '') }
    }
    case 'string':
      if (typeof value !== 'string') return { ok: false, message: 'must be a string' }
      if (value.length > 4096) return { ok: false, message: 'must be at most 4096 characters' }
      return { ok: true, value }
  }
}
