import { describe, expect, it } from 'vitest'
import { filtersOf, parseCakePath } from './cake-url.ts'

describe('parseCakePath', () => {
  it('reads the action, pass arguments, named parameters and the .json extension', () => {
    expect(parseCakePath('/triggers/scope:event/enabled:1.json')).toEqual({
      action: 'triggers',
      pass: [],
      named: { scope: 'event', enabled: '1' },
      ext: 'json',
    })
    expect(parseCakePath('/toggleModule/event-publish/1/1')).toEqual({
      action: 'toggleModule',
      pass: ['event-publish', '1', '1'],
      named: {},
      ext: null,
    })
    expect(parseCakePath('/view/12.json')).toMatchObject({ action: 'view', pass: ['12'], ext: 'json' })
  })
  it('answers index for an empty action, as CakePHP routes /controller', () => {
    expect(parseCakePath('').action).toBe('index')
    expect(parseCakePath('.json')).toMatchObject({ action: 'index', ext: 'json' })
  })
  it('decodes segments and never takes __proto__ as a named parameter', () => {
    const parsed = parseCakePath('/index/name:My%20workflow/__proto__:x')
    expect(parsed.named).toEqual({ name: 'My workflow' })
    expect(parsed.pass).toEqual(['__proto__:x'])
  })
})

describe('filtersOf', () => {
  it('takes scalar body fields, named parameters winning', () => {
    expect(filtersOf({ scope: 'event' }, { scope: 'user', enabled: true, nested: { a: 1 } })).toEqual({
      scope: 'event',
      enabled: '1',
    })
  })
})
