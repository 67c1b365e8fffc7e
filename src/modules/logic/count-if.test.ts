import { describe, expect, it } from 'vitest'
import { execModule } from '../../../test/harness/exec-module.ts'
import { countIf } from './count-if.ts'

const data = {
  Event: {
    _AttributeFlattened: [
      { type: 'ip-dst', to_ids: true },
      { type: 'domain', to_ids: false },
      { type: 'url', to_ids: true },
    ],
    Object: [{ name: 'file' }],
  },
}

const run = async (operator: string, value: unknown, selector = 'Event._AttributeFlattened.{n}') =>
  (await execModule(countIf, { selector, operator, value }, data)).result

describe('count-if', () => {
  it('compares the count with equals and not_equals', async () => {
    expect(await run('equals', '3')).toBe(true)
    expect(await run('equals', '2')).toBe(false)
    expect(await run('not_equals', '2')).toBe(true)
    expect(await run('not_equals', '3')).toBe(false)
  })

  it('compares the count with greater, greater_equals, less and less_equals', async () => {
    expect(await run('greater', '2')).toBe(true)
    expect(await run('greater', '3')).toBe(false)
    expect(await run('greater_equals', '3')).toBe(true)
    expect(await run('greater_equals', '4')).toBe(false)
    expect(await run('less', '4')).toBe(true)
    expect(await run('less', '3')).toBe(false)
    expect(await run('less_equals', '3')).toBe(true)
    expect(await run('less_equals', '2')).toBe(false)
  })

  it('counts what a matcher selects', async () => {
    expect(await run('equals', '2', 'Event._AttributeFlattened.{n}[to_ids=1]')).toBe(true)
  })

  it('counts 0 when nothing is selected', async () => {
    expect(await run('equals', '0', 'Event.Attribute.{n}')).toBe(true)
    expect(await run('less_equals', '0', 'Event.Object.{n}')).toBe(false)
  })

  it('does not equal an empty value to 0, as PHP 8 does', async () => {
    expect(await run('equals', '', 'Event.Attribute.{n}')).toBe(false)
    expect(await run('not_equals', '', 'Event.Attribute.{n}')).toBe(true)
  })

  it('compares with a non-numeric value as strings, as PHP 8 does', async () => {
    expect(await run('less', 'abc')).toBe(true)
    expect(await run('greater', 'abc')).toBe(false)
  })

  it('compares numerically with a numeric string', async () => {
    expect(await run('less', '10')).toBe(true)
    expect(await run('equals', '3.0')).toBe(true)
  })

  it('is false for an unknown operator', async () => {
    expect(await run('in', '3')).toBe(false)
  })
})
