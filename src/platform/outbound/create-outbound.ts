/**
 * The host's `Outbound` port (ARCHITECTURE.md §4): HTTP (allow-listed, timed, capped), SMTP mail
 * and the ZeroMQ publisher, all configured from settings read at call time, so an admin's change
 * applies to the next run. The services the administrator configured (misp-modules, the
 * Telegram API) are reachable without an allow-list entry.
 */
import type { Outbound, OutboundService, OutboundServiceName } from '../../engine/index.ts'
import type { Executor } from '../../store/index.ts'
import { createHttpOutbound } from './http-outbound.ts'
import { createMailOutbound } from './mail-outbound.ts'
import {
  OUTBOUND_DEFAULTS,
  OUTBOUND_SETTINGS,
  type SettingReader,
  serviceBaseUrl,
  settingFlag,
  settingNumber,
  settingString,
} from './outbound-settings.ts'
import { createZmqPublisher, type ZmqPublisher, type ZmqPublisherOptions } from './zmq-publisher.ts'

/** The host's Outbound, with what the platform needs to manage it. */
export interface HostOutbound extends Required<Outbound> {
  zmq: ZmqPublisher
  /** Closes the ZeroMQ socket. */
  close(): Promise<void>
}

/** What the outbound side needs. */
export interface OutboundOptions {
  /** The users table, for mail recipients; absent in `sluice run` on a file. */
  db: Executor | undefined
  settings: SettingReader
  loadZeromq?: ZmqPublisherOptions['loadZeromq']
}

/** A configured service's address and timeout (spec/ENGINE.md §5.7, §6.4). */
export function configuredService(read: SettingReader, name: OutboundServiceName): OutboundService {
  const S = OUTBOUND_SETTINGS
  const D = OUTBOUND_DEFAULTS
  if (name === 'telegram') {
    return {
      url: settingString(read, S.telegramApiUrl, D.telegramApiUrl).replace(/\/+$/, ''),
      timeoutMs: settingNumber(read, S.timeout, D.timeoutSeconds) * 1000,
      enabled: true,
    }
  }
  const isAction = name === 'action-services'
  const url = settingString(read, isAction ? S.actionUrl : S.enrichmentUrl, D.servicesUrl)
  const port = settingNumber(read, isAction ? S.actionPort : S.enrichmentPort, D.servicesPort)
  const timeout = isAction
    ? settingNumber(read, S.actionTimeout, D.actionTimeoutSeconds)
    : settingNumber(read, S.enrichmentTimeout, D.enrichmentTimeoutSeconds)
  return {
    url: serviceBaseUrl(url, port),
    timeoutMs: timeout * 1000,
    enabled: settingFlag(read, isAction ? S.actionEnable : S.enrichmentEnable),
  }
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin
  } catch {
    return null
  }
}

/** Creates the host's Outbound over the settings and the users table. */
export function createOutbound(options: OutboundOptions): HostOutbound {
  const { settings } = options
  const service = (name: OutboundServiceName) => configuredService(settings, name)
  const trustedOrigins = () =>
    (['telegram', 'action-services', 'enrichment-services'] as const)
      .map((name) => originOf(service(name).url))
      .filter((origin): origin is string => origin !== null)
  const zmq = createZmqPublisher({ settings, loadZeromq: options.loadZeromq })
  return {
    http: createHttpOutbound({ settings, trustedOrigins }),
    mail: createMailOutbound({ db: options.db, settings }),
    publish: (topic, payload) => zmq.publish(topic, payload),
    service,
    zmq,
    close: () => zmq.close(),
  }
}
