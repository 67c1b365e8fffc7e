import { describe, expect, it } from 'vitest'
import { deepFreeze, eventColumns } from '../__fixtures__/rows.ts'
import { inMemoryLookups } from '../in-memory-lookups.ts'
import type { PhpMap } from '../types.ts'
import { normalisePostAfterSave } from './post.ts'

const lookups = inMemoryLookups({
  threads: {
    '5': deepFreeze({ Thread: { id: '5', event_id: '42', title: 'About event 42' } }),
    '6': deepFreeze({ Thread: { id: '6', event_id: '0', title: 'General' } }),
  },
  eventRows: { '42': deepFreeze({ Event: eventColumns() }) },
})

describe('normalisePostAfterSave', () => {
  it('returns false without Post', async () => {
    expect(await normalisePostAfterSave({ Thread: {} }, lookups)).toBe(false)
  })
  it('adds the thread and the converted bare event row', async () => {
    const output = (await normalisePostAfterSave(deepFreeze({ Post: { id: '1', thread_id: '5' } }), lookups)) as PhpMap
    expect(Object.keys(output)).toEqual(['Post', 'Thread', 'Event'])
    expect(output.Thread).toEqual({ id: '5', event_id: '42', title: 'About event 42' })
    expect(output.Event).toEqual({
      id: '42',
      info: 'Test event',
      distribution: '1',
      sharing_group_id: '0',
      _AttributeFlattened: [],
    })
  })
  it('adds no Event for a thread without an event', async () => {
    const output = (await normalisePostAfterSave({ Post: { id: '1', thread_id: '6' } }, lookups)) as PhpMap
    expect(output).not.toHaveProperty('Event')
  })
  it('gives Thread = [] when the thread is not found', async () => {
    expect(await normalisePostAfterSave({ Post: { id: '1', thread_id: '404' } }, lookups)).toEqual({
      Post: { id: '1', thread_id: '404' },
      Thread: [],
    })
  })
})
