import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { toCoreFormat } from './core-format.ts'
import { inMemoryLookups } from './in-memory-lookups.ts'
import type { ObjectSimpleRow, SimpleEventRow } from './lookups.ts'
import type { PhpMap } from './types.ts'

// The worked examples of spec/CORE-FORMAT.md §8 were produced by MISP's own converter under
// PHP 8.2. They are read in place, so the tests follow the spec.
const markdown = readFileSync(new URL('../../../shared/spec/CORE-FORMAT.md', import.meta.url), 'utf8')

function jsonBlocks(from: string, to: string): unknown[] {
  const section = markdown.slice(markdown.indexOf(from), markdown.indexOf(to))
  return [...section.matchAll(/```json\n([\s\S]*?)\n```/g)].map((match) => JSON.parse(match[1]))
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item)
    Object.freeze(value)
  }
  return value
}

describe('toCoreFormat: spec/CORE-FORMAT.md §8 worked examples', () => {
  it('converts the §8.1 event-publish row exactly, key order included', async () => {
    const [input, expected] = jsonBlocks('### 8.1', '### 8.2')
    const output = await toCoreFormat(deepFreeze(input) as PhpMap, inMemoryLookups())
    expect(JSON.stringify(output)).toBe(JSON.stringify(expected))
  })

  it('converts the §8.2 object attribute exactly with the documented look-ups', async () => {
    const [input, fixtures, expected] = jsonBlocks('### 8.2', '## 9.') as PhpMap[]
    const simpleEvent = fixtures.fetchSimpleEvent as SimpleEventRow
    const object = (fixtures.fetchObjectSimple as ObjectSimpleRow[])[0]
    const lookups = inMemoryLookups({
      simpleEvents: { '42': deepFreeze(simpleEvent) },
      objects: { '7': deepFreeze(object) },
    })
    const output = await toCoreFormat(deepFreeze(input), lookups)
    expect(JSON.stringify(output)).toBe(JSON.stringify(expected))
  })

  it('keeps galaxy cluster meta as an empty map, not a list', async () => {
    const [input] = jsonBlocks('### 8.1', '### 8.2')
    const output = await toCoreFormat(input as PhpMap, inMemoryLookups())
    const galaxy = (output.Event.Galaxy as PhpMap[])[0]
    const cluster = (galaxy.GalaxyCluster as PhpMap[])[0]
    expect(cluster.meta).toEqual({})
    expect(Array.isArray(cluster.meta)).toBe(false)
  })

  it('never modifies the input, and builds new maps for everything it changes', async () => {
    const [input] = jsonBlocks('### 8.1', '### 8.2') as PhpMap[]
    const before = JSON.stringify(input)
    const output = await toCoreFormat(input, inMemoryLookups())
    expect(JSON.stringify(input)).toBe(before)
    const event = output.Event as PhpMap
    const source = input.Event as PhpMap
    expect(event).not.toBe(source)
    expect((event.Attribute as PhpMap[])[0]).not.toBe((input.Attribute as PhpMap[])[0])
  })
})
