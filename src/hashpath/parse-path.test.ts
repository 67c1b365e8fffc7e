import { describe, expect, it } from 'vitest'
import { parseConditions, parsePath, splitBracketAware } from './parse-path.ts'

describe('parsePath', () => {
  it('splits on every dot and keeps empty, untrimmed tokens when there is no [', () => {
    expect(parsePath(' a..b ').tokens.map((t) => t.raw)).toEqual([' a', '', 'b '])
    expect(parsePath('a.b').isWalk).toBe(false)
    expect(parsePath('a.{n}').isWalk).toBe(true)
  })
  it('returns the cached parse for a repeated path', () => {
    expect(parsePath('Event.Attribute.{n}.value')).toBe(parsePath('Event.Attribute.{n}.value'))
  })
  it('splits the selector from the matcher string at the first [', () => {
    const [token] = parsePath('{n}[id=1][x]').tokens
    expect(token.selector).toEqual({ kind: 'numeric' })
    expect(token.conditions?.map((c) => c.attr)).toEqual(['id', 'x'])
  })
  it('marks numeric literal selectors for loose comparison', () => {
    expect(parsePath('a.1.0{').tokens[1].selector).toEqual({ kind: 'key', key: '1', numeric: 1 })
  })
})

describe('splitBracketAware', () => {
  it('keeps dots inside brackets and trims tokens, as CakePHP does when the path contains [', () => {
    expect(splitBracketAware(' a . b[value=198.51.100.7] ')).toEqual(['a', 'b[value=198.51.100.7]'])
  })
})

describe('parseConditions', () => {
  it('ignores groups that do not fit the grammar, such as [x=] and []', () => {
    expect(parseConditions('[x=]')).toEqual([])
    expect(parseConditions('[]')).toEqual([])
  })
  it('reads [a==b] as a equals "=b", as PHP does', () => {
    expect(parseConditions('[a==b]')[0]).toMatchObject({ attr: 'a', op: '=', value: '=b' })
  })
  it('allows whitespace only around the operator', () => {
    expect(parseConditions('[id = 3]')[0]).toMatchObject({ attr: 'id', op: '=', value: '3' })
    expect(parseConditions('[ id=3]')[0]).toMatchObject({ attr: ' id' })
  })
  it('keeps regex flags in the value and only treats = with a leading / as a regex', () => {
    expect(parseConditions('[v=/ABC/i]')[0]).toMatchObject({ value: '/ABC/i', isRegex: true })
    expect(parseConditions('[v!=/a/]')[0]).toMatchObject({ op: '!=', isRegex: false })
    expect(parseConditions('[v=/a\\/b/]')[0]).toMatchObject({ value: '/a\\/b/' })
  })
})
