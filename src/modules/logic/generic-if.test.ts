import { describe, expect, it } from 'vitest'
import { execModule } from '../../../test/harness/exec-module.ts'
import { genericIf } from './generic-if.ts'

const data = {
  _module: 'virustotal_public',
  Event: {
    distribution: '1',
    published: false,
    Orgc: { id: '2', name: 'CIRCL' },
    Tag: [{ name: 'tlp:red' }, { name: 'PAP:RED' }],
    _AttributeFlattened: [{ type: 'ip-dst' }, { type: 'domain' }],
  },
}

const run = async (params: Record<string, unknown>) => (await execModule(genericIf, params, data)).result

describe('generic-if', () => {
  it('tests membership in the extracted list with in and not_in', async () => {
    expect(await run({ operator: 'in', value: 'tlp:red', hash_path: 'Event.Tag.{n}.name' })).toBe(true)
    expect(await run({ operator: 'in', value: 'tlp:white', hash_path: 'Event.Tag.{n}.name' })).toBe(false)
    expect(await run({ operator: 'not_in', value: 'tlp:red', hash_path: 'Event.Tag.{n}.name' })).toBe(false)
    expect(await run({ operator: 'not_in', value: 'tlp:white', hash_path: 'Event.Tag.{n}.name' })).toBe(true)
  })

  it('compares one value with equals and not_equals', async () => {
    expect(await run({ operator: 'equals', value: '1', hash_path: 'Event.distribution' })).toBe(true)
    expect(await run({ operator: 'not_equals', value: '0', hash_path: 'Event.distribution' })).toBe(true)
    expect(await run({ operator: 'equals', value: 'virustotal_public', hash_path: '_module' })).toBe(true)
  })

  it('compares loosely: "1" == "01" and false == "0", as PHP does', async () => {
    expect(await run({ operator: 'equals', value: '01', hash_path: 'Event.distribution' })).toBe(true)
    expect(await run({ operator: 'equals', value: '0', hash_path: 'Event.published' })).toBe(true)
  })

  it('fails both equals and not_equals on a {n} path or a missing path, as PHP does', async () => {
    for (const hash_path of ['Event.Tag.{n}.name', 'Event.missing', 'Event.Tag']) {
      expect(await run({ operator: 'equals', value: 'tlp:red', hash_path })).toBe(false)
      expect(await run({ operator: 'not_equals', value: 'tlp:red', hash_path })).toBe(false)
    }
  })

  it('holds any_value when the path extracts something', async () => {
    expect(await run({ operator: 'any_value', hash_path: 'Event.Tag.{n}.name' })).toBe(true)
    expect(await run({ operator: 'any_value', hash_path: 'Event.Attribute.{n}.value' })).toBe(false)
  })

  it('uses value_list for in_or', async () => {
    const path = 'Event._AttributeFlattened.{n}.type'
    expect(await run({ operator: 'in_or', value: 'x', value_list: ['url', 'domain'], hash_path: path })).toBe(true)
    expect(await run({ operator: 'in_or', value: 'domain', value_list: ['url'], hash_path: path })).toBe(false)
  })

  it('extracts string keys with {s}', async () => {
    expect(await run({ operator: 'in', value: 'CIRCL', hash_path: 'Event.Orgc.{s}' })).toBe(true)
  })

  it('defaults to the operator in', async () => {
    expect(await run({ value: 'PAP:RED', hash_path: 'Event.Tag.{n}.name' })).toBe(true)
  })
})
