import { describe, expect, it } from 'vitest'
import { extract } from './extract.ts'
import { scanMatchers } from './scan-matchers.ts'

const scan = (text: string) => scanMatchers(text).map(({ attr, op, value }) => [attr, op, value])

describe('scanMatchers (spec/HASHPATH.md §2.2)', () => {
  it('reads presence tests and comparisons', () => {
    expect(scan('[id]')).toEqual([['id', null, '']])
    expect(scan('[id=3][name!=x][n>=2][n<=2][n>1][n<1]')).toEqual([
      ['id', '=', '3'],
      ['name', '!=', 'x'],
      ['n', '>=', '2'],
      ['n', '<=', '2'],
      ['n', '>', '1'],
      ['n', '<', '1'],
    ])
  })
  it('ignores groups that do not fit and the text between groups', () => {
    expect(scan('[x=]')).toEqual([])
    expect(scan('[]')).toEqual([])
    expect(scan('[a]junk[b]')).toEqual([
      ['a', null, ''],
      ['b', null, ''],
    ])
  })
  it('takes a second operator character into the value', () => {
    expect(scan('[a==b]')).toEqual([['a', '=', '=b']])
    expect(scan('[a=>b]')).toEqual([['a', '=', '>b']])
    // `>=` needs a value; without one the regex falls back to `>` with the value "=".
    expect(scan('[a>=]')).toEqual([['a', '>', '=']])
  })
  it('allows whitespace only around the operator, and keeps it elsewhere', () => {
    expect(scan('[id = 3]')).toEqual([['id', '=', '3']])
    expect(scan('[ id=3]')).toEqual([[' id', '=', '3']])
    expect(scan('[id=3 ]')).toEqual([['id', '=', '3 ']])
    // A value cannot start at `]`, so the regex hands it the last space before it.
    expect(scan('[a= ]')).toEqual([['a', '=', ' ']])
  })
  it('reads regex values: the shortest /…/ before ], else everything up to ]', () => {
    expect(scan('[v=/ABC/i]')).toEqual([['v', '=', '/ABC/i']])
    expect(scan('[v=/a\\/b/]')).toEqual([['v', '=', '/a\\/b/']])
    expect(scan('[v=/[ab]/]')).toEqual([['v', '=', '/[ab]/']])
    expect(scan('[v=/^a.b$/][w=1]')).toEqual([
      ['v', '=', '/^a.b$/'],
      ['w', '=', '1'],
    ])
  })
  it('lets an attribute hold ] and [ when no operator comes first', () => {
    expect(scan('[]a]')).toEqual([[']a', null, '']])
    expect(scan('[[a]')).toEqual([['[a', null, '']])
  })
  it('stays linear on hostile matcher strings', () => {
    const hostile = [
      '['.repeat(100_000),
      '[a'.repeat(100_000),
      '[a=/'.repeat(50_000),
      `${'['.repeat(50_000)}${' '.repeat(50_000)}=`,
    ]
    // The regex CakePHP uses, run by a backtracking engine, needs minutes for these: they would
    // not return within the test's timeout. (No timing is asserted: speed belongs to benchmarks.)
    for (const text of hostile) expect(scanMatchers(text)).toEqual([])
  })
})

describe('extract with hostile paths', () => {
  it('answers for a path of 100 000 brackets (a quadratic scan would not, within the timeout)', () => {
    expect(extract([{ a: 1 }], `{n}${'['.repeat(100_000)}`)).toEqual([{ a: 1 }])
  })
})
