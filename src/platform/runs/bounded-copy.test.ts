import { describe, expect, it } from 'vitest'
import type { TraceEntry } from '../../engine/index.ts'
import { boundedCopy } from './bounded-copy.ts'
import { storedTrace, timeOrderedId } from './run-recorder.ts'

describe('boundedCopy', () => {
  it('copies data within the cap unchanged, as JSON would write it', () => {
    const data = {
      Event: { id: '1', published: false, Tag: [{ name: 'tlp:red' }], gone: undefined },
      list: [1, undefined],
    }
    const { value, isTruncated } = boundedCopy(data, 10_000)
    expect(isTruncated).toBe(false)
    expect(JSON.stringify(value)).toBe(JSON.stringify(data))
  })
  it('cuts a long list and the remaining keys where the budget runs out, and says how much is left', () => {
    const data = { Attribute: Array.from({ length: 100 }, (_, index) => ({ value: `198.51.100.${index}` })), after: 1 }
    const { value, isTruncated } = boundedCopy(data, 300) as { value: any; isTruncated: boolean }
    expect(isTruncated).toBe(true)
    const items = value.Attribute as unknown[]
    expect(items.at(-1)).toMatch(/^… \d+ more items$/)
    expect(items.length).toBeLessThan(20)
    expect(value['…']).toBe('1 more keys')
    expect(JSON.stringify(value).length).toBeLessThan(600)
  })
  it('cuts one long string too', () => {
    const { value, isTruncated } = boundedCopy({ data: 'A'.repeat(100_000) }, 1000) as {
      value: any
      isTruncated: boolean
    }
    expect(isTruncated).toBe(true)
    expect(value.data).toMatch(/^A+… \(\d+ more characters\)$/)
    expect(value.data.length).toBeLessThan(1100)
  })
})

describe('storedTrace', () => {
  const entry = (nodeId: string, dataIn?: unknown): TraceEntry => ({
    context: 'main',
    nodeId,
    moduleId: 'm',
    moduleType: 'logic',
    pathType: 'blocking',
    path: [],
    status: 'success',
    result: true,
    errors: [],
    threw: false,
    durationMs: 1,
    ...(dataIn !== undefined ? { dataIn } : {}),
  })
  it('stores each distinct data view once and points the entries at it', () => {
    const shared = { Event: { id: '1' } }
    const other = { Event: { id: '2' } }
    const { entries, nodeData } = storedTrace([entry('1', shared), entry('2', shared), entry('3', other)], 1000)
    expect(JSON.parse(nodeData)).toEqual([shared, other])
    expect(entries.map((stored: any) => stored.dataRef)).toEqual([0, 0, 1])
    expect(entries.every((stored: any) => !('dataIn' in stored))).toBe(true)
  })
  it('leaves entries without data as they are', () => {
    expect(storedTrace([entry('1')], 1000)).toEqual({ entries: [entry('1')], nodeData: '[]' })
  })
})

describe('timeOrderedId', () => {
  it('is a version-7 UUID that sorts by time', () => {
    const early = timeOrderedId(1_700_000_000_000)
    const late = timeOrderedId(1_700_000_000_001)
    expect(early).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(early < late).toBe(true)
  })
})
