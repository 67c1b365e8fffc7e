/**
 * misp-modules' own action modules (spec/ENGINE.md §5.6, §5.7) against the misp-modules test
 * server on 127.0.0.1: discovery through `GET /modules`, the descriptor MISP builds, the
 * `/query` body, and every failure of the service as a node error, never a success.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createMispModulesClient, humanize, loadMispActionModules, slug, snakeCase } from '../src/modules/index.ts'
import { execModule } from './harness/exec-module.ts'
import { closedPort } from './harness/http-receiver.ts'
import { type MispModulesServer, mispModulesSettings, startMispModulesServer } from './harness/misp-modules-server.ts'
import { outboundPorts } from './harness/outbound.ts'

const event = {
  Event: {
    id: '4',
    info: 'Campaign',
    Attribute: [
      { id: '1', type: 'ip-dst', value: '203.0.113.66' },
      { id: '2', type: 'domain', value: 'evil.example' },
    ],
    _AttributeFlattened: [
      { id: '1', type: 'ip-dst', value: '203.0.113.66' },
      { id: '2', type: 'domain', value: 'evil.example' },
    ],
  },
}

let server: MispModulesServer
beforeAll(async () => {
  server = await startMispModulesServer()
})
afterAll(() => server.close())
afterEach(() => {
  server.queries.length = 0
  server.mode = 'normal'
})

describe('MISP’s name helpers', () => {
  it('converts names as MISP does', () => {
    expect(snakeCase('TargetChannel')).toBe('target_channel')
    expect(slug(snakeCase('Data extraction path'))).toBe('data_extraction_path')
    expect(humanize('Data extraction path')).toBe('Data Extraction Path')
  })
})

describe('loadMispActionModules', () => {
  it('lists the action modules with MISP’s descriptor', async () => {
    const { outbound } = outboundPorts(mispModulesSettings(server))
    const modules = await loadMispActionModules(outbound)
    expect(modules.map((module) => module.descriptor.id)).toEqual(['testaction'])
    expect(modules[0]?.descriptor).toMatchObject({
      id: 'testaction',
      name: 'testaction',
      description: 'A test action module',
      module_type: 'action',
      icon: 'python',
      icon_class: 'fab',
      inputs: 1,
      outputs: 1,
      is_misp_module: true,
      support_filters: true,
      expect_misp_core_format: true,
      version: '0.1',
      params: [
        {
          id: 'data_extraction_path',
          label: 'Data Extraction Path',
          placeholder: 'Event.Attribute.{n}.value',
          type: 'input',
          _isHashPath: true,
        },
        { id: 'message', label: 'Message', placeholder: 'Hello', type: 'textarea', jinja_supported: true },
        { id: 'target_channel', label: 'TargetChannel', placeholder: '', type: 'input' },
      ],
    })
  })

  it('gives none, and says why, when the service is disabled or down', async () => {
    const reasons: string[] = []
    const disabled = outboundPorts({ ...mispModulesSettings(server), 'Plugin.Action_services_enable': false })
    expect(await loadMispActionModules(disabled.outbound, (error) => reasons.push(error.message))).toEqual([])
    const down = outboundPorts({ ...mispModulesSettings(server), 'Plugin.Action_services_port': await closedPort() })
    expect(await loadMispActionModules(down.outbound, (error) => reasons.push(error.message))).toEqual([])
    expect(reasons[0]).toBe('misp-modules is disabled (`Plugin.Action_services_enable` is off)')
    expect(reasons[1]).toMatch(/^misp-modules did not answer GET \/modules: .*ECONNREFUSED/)
  })
})

describe('misp-modules action node', () => {
  const load = async (settings = mispModulesSettings(server)) => {
    const { outbound, ports } = outboundPorts(settings)
    const [module] = await loadMispActionModules(outbound)
    return { module: module!, ports }
  }

  it('posts MISP’s body: data, filteredItems, rendered params and matchingData by label', async () => {
    const { module, ports } = await load()
    const run = await execModule(
      module,
      { data_extraction_path: 'Event.Attribute.{n}.value', message: 'About {{ Event.info }}', target_channel: '#cti' },
      event,
      { ports },
    )
    expect(run).toMatchObject({ result: true, errors: [] })
    expect(server.queries).toEqual([
      {
        module: 'testaction',
        data: event,
        filteredItems: event,
        params: {
          data_extraction_path: 'Event.Attribute.{n}.value',
          message: 'About Campaign',
          target_channel: '#cti',
        },
        matchingData: { 'Data Extraction Path': ['203.0.113.66', 'evil.example'] },
      },
    ])
  })

  it('sends the node-filtered items when filters are set, keyed as PHP keeps them', async () => {
    const { module, ports } = await load()
    await execModule(module, { message: 'x' }, event, {
      ports,
      savedFilters: { selector: 'Event._AttributeFlattened.{n}', value: 'domain', operator: 'equals', path: 'type' },
    })
    // The matched item keeps its PHP array key, so it goes over the wire as an object, as in MISP.
    expect(server.queries[0].filteredItems).toEqual({ '1': { id: '2', type: 'domain', value: 'evil.example' } })
    expect(server.queries[0].matchingData).toEqual({ 'Data Extraction Path': event })
  })

  it('fails the node with the module’s `error`', async () => {
    const { module, ports } = await load()
    expect(await execModule(module, { message: 'fail' }, event, { ports })).toMatchObject({
      result: false,
      errors: ['The action module refused the message.'],
    })
  })

  it('makes every transport failure a node error, never a success', async () => {
    const { module, ports } = await load()
    server.mode = 'http-500'
    expect((await execModule(module, { message: 'x' }, event, { ports })).errors).toEqual([
      'misp-modules answered POST /query with HTTP 500',
    ])
    server.mode = 'not-json'
    expect((await execModule(module, { message: 'x' }, event, { ports })).errors).toEqual([
      'misp-modules answered POST /query with a body that is not JSON',
    ])
    server.mode = 'slow'
    const slow = outboundPorts({ ...mispModulesSettings(server), 'Plugin.Action_timeout': 0.3 })
    const run = await execModule(module, { message: 'x' }, event, { ports: slow.ports })
    expect(run.result).toBe(false)
    expect(run.errors[0]).toMatch(/^misp-modules did not answer POST \/query: .* did not answer within 300 ms$/)
    server.mode = 'normal'
    const down = outboundPorts({ ...mispModulesSettings(server), 'Plugin.Action_services_port': await closedPort() })
    const downRun = await execModule(module, { message: 'x' }, event, { ports: down.ports })
    expect(downRun.result).toBe(false)
    expect(downRun.errors[0]).toMatch(/ECONNREFUSED/)
  })
})

describe('createMispModulesClient', () => {
  it('reaches the service only through the Outbound port', async () => {
    await expect(createMispModulesClient(undefined, 'enrichment-services').modules()).rejects.toThrow(
      'misp-modules cannot be reached: this host has no outbound HTTP',
    )
  })
})
