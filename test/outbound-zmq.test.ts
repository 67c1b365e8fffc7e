/**
 * `push-zmq` through the host's ZeroMQ publisher, read by a real SUB socket on 127.0.0.1:
 * one frame `misp_json_workflow <json>` per push, as MISP's publisher sends it (spec/ENGINE.md
 * §4.3, §8.5), and a clear node error when the optional `zeromq` package cannot load.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { Subscriber } from 'zeromq'
import { pushZmq } from '../src/modules/actions/push-zmq.ts'
import type { HostOutbound } from '../src/platform/outbound/index.ts'
import { createOutbound } from '../src/platform/outbound/index.ts'
import { execModule } from './harness/exec-module.ts'
import { closedPort } from './harness/http-receiver.ts'

const event = { Event: { id: '5', info: 'Beacon', Tag: [{ name: 'tlp:amber' }, { name: 'type:OSINT' }] } }

describe('push-zmq', () => {
  let outbound: HostOutbound | undefined
  let subscriber: Subscriber | undefined
  afterEach(async () => {
    subscriber?.close()
    await outbound?.close()
    subscriber = undefined
    outbound = undefined
  })

  /** A bound publisher and a SUB socket connected to it, subscribed to the workflow topic. */
  const connect = async () => {
    const port = await closedPort()
    const settings: Record<string, unknown> = { 'Plugin.ZeroMQ_host': '127.0.0.1', 'Plugin.ZeroMQ_port': port }
    outbound = createOutbound({ db: undefined, settings: (name) => settings[name] })
    const address = await outbound.zmq.start()
    subscriber = new Subscriber()
    subscriber.connect(address)
    subscriber.subscribe('misp_json_workflow')
    // ZeroMQ's slow joiner: give the subscription time to reach the publisher.
    await new Promise((resolve) => setTimeout(resolve, 300))
    return { outbound, subscriber }
  }

  it('publishes the whole data view as one `misp_json_workflow <json>` frame', async () => {
    const { outbound: ports, subscriber: sub } = await connect()
    const run = await execModule(pushZmq, { data_extraction_path: '' }, event, { ports: { outbound: ports } })
    expect(run).toMatchObject({ result: true, errors: [] })
    const [frame] = await sub.receive()
    const text = frame!.toString('utf8')
    expect(text.startsWith('misp_json_workflow ')).toBe(true)
    expect(JSON.parse(text.slice('misp_json_workflow '.length))).toEqual(event)
  })

  it('publishes what the hash path extracts', async () => {
    const { outbound: ports, subscriber: sub } = await connect()
    await execModule(pushZmq, { data_extraction_path: 'Event.Tag.{n}.name' }, event, { ports: { outbound: ports } })
    const [frame] = await sub.receive()
    expect(frame!.toString('utf8')).toBe('misp_json_workflow ["tlp:amber","type:OSINT"]')
  })

  it('fails clearly when the zeromq package cannot be loaded', async () => {
    outbound = createOutbound({
      db: undefined,
      settings: () => undefined,
      loadZeromq: () => Promise.reject(new Error("Cannot find module 'zeromq'")),
    })
    const run = await execModule(pushZmq, {}, event, { ports: { outbound } })
    expect(run).toMatchObject({
      result: false,
      errors: [
        "ZeroMQ is not available: the optional `zeromq` package could not be loaded (Cannot find module 'zeromq')",
      ],
    })
  })

  it('fails clearly when the port is taken', async () => {
    const first = await connect()
    const port = Number(new URL((await first.outbound.zmq.start()).replace('tcp:', 'http:')).port)
    const second = createOutbound({
      db: undefined,
      settings: (name) => ({ 'Plugin.ZeroMQ_port': port })[name as 'Plugin.ZeroMQ_port'],
    })
    try {
      const run = await execModule(pushZmq, {}, event, { ports: { outbound: second } })
      expect(run.result).toBe(false)
      expect(run.errors[0]).toMatch(new RegExp(`^the ZeroMQ publisher cannot bind tcp://127\\.0\\.0\\.1:${port}: `))
    } finally {
      await second.close()
    }
  })
})
