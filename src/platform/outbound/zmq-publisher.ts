/**
 * The ZeroMQ PUB socket of `push-zmq` (spec/ENGINE.md §4.3, §8.5). MISP's publisher sends one
 * frame per message, `<topic> <json>`, on `tcp://<Plugin.ZeroMQ_host>:<Plugin.ZeroMQ_port>`
 * (default 127.0.0.1:50000); Sluice does the same. `zeromq` is an optional dependency with a
 * native addon, so it is imported on first use, and a failed import is reported clearly rather
 * than crashing the process. The socket binds once and stays bound until `close()`.
 */
import { OperationalError } from '../../errors.ts'
import {
  OUTBOUND_DEFAULTS,
  OUTBOUND_SETTINGS,
  type SettingReader,
  settingNumber,
  settingString,
} from './outbound-settings.ts'

/** The smallest part of a zeromq Publisher this file uses. */
interface PubSocket {
  bind(address: string): Promise<void>
  send(message: string): Promise<void>
  close(): void
  linger: number
}

/** A lazily bound publisher. */
export interface ZmqPublisher {
  /** Binds the socket now (otherwise the first `publish` does); answers the bound address. */
  start(): Promise<string>
  publish(topic: string, payload: unknown): Promise<void>
  close(): Promise<void>
}

/** What the publisher needs. */
export interface ZmqPublisherOptions {
  settings: SettingReader
  /** Loads the zeromq module (tests replace it to simulate a missing addon). */
  loadZeromq?: () => Promise<{ Publisher: new () => PubSocket }>
}

/** The message when the `zeromq` package cannot be loaded. */
export function zeromqUnavailableMessage(reason: string): string {
  return `ZeroMQ is not available: the optional \`zeromq\` package could not be loaded (${reason})`
}

/** Creates the publisher; nothing is imported or bound until it is first used. */
export function createZmqPublisher(options: ZmqPublisherOptions): ZmqPublisher {
  const load = options.loadZeromq ?? (() => import('zeromq') as unknown as Promise<{ Publisher: new () => PubSocket }>)
  let socket: Promise<{ socket: PubSocket; address: string }> | null = null

  const open = async () => {
    let zeromq: { Publisher: new () => PubSocket }
    try {
      zeromq = await load()
    } catch (error) {
      throw new OperationalError('SLC_OUTBOUND_FAILED', zeromqUnavailableMessage((error as Error).message), error)
    }
    const host = settingString(options.settings, OUTBOUND_SETTINGS.zmqHost, OUTBOUND_DEFAULTS.zmqHost)
    const port = settingNumber(options.settings, OUTBOUND_SETTINGS.zmqPort, OUTBOUND_DEFAULTS.zmqPort)
    const address = `tcp://${host}:${port}`
    const pub = new zeromq.Publisher()
    pub.linger = 0
    try {
      await pub.bind(address)
    } catch (error) {
      pub.close()
      throw new OperationalError(
        'SLC_OUTBOUND_FAILED',
        `the ZeroMQ publisher cannot bind ${address}: ${(error as Error).message}`,
        error,
      )
    }
    return { socket: pub, address }
  }

  const opened = () => {
    socket ??= open().catch((error) => {
      socket = null
      throw error
    })
    return socket
  }

  return {
    async start() {
      return (await opened()).address
    },
    async publish(topic, payload) {
      const { socket: pub } = await opened()
      await pub.send(`${topic} ${JSON.stringify(payload)}`)
    },
    async close() {
      const current = socket
      socket = null
      if (!current) return
      try {
        ;(await current).socket.close()
      } catch {
        // It never opened: nothing to close.
      }
    },
  }
}
