import { describe, expect, it } from 'vitest'
import { fireLogAfterSave, firesLogAfterSave, logAfterSaveData } from './log-after-save.ts'

const row = {
  title: 'Event (1): x',
  created: '2024-01-01 00:00:00',
  model: 'Event',
  model_id: 1,
  action: 'add',
  user_id: 1,
  change: '',
  email: 'admin@admin.test',
  org: 'ORGNAME',
  description: '',
  ip: '',
}

describe('firesLogAfterSave', () => {
  it('skips rows of the Log and Workflow models, as MISP’s Log::afterSave does', () => {
    expect(firesLogAfterSave('Log')).toBe(false)
    expect(firesLogAfterSave('Workflow')).toBe(false)
    expect(firesLogAfterSave('Event')).toBe(true)
  })
  it('skips rows written inside a log-after-save chain (loop guard)', () => {
    expect(firesLogAfterSave('Event', [{ workflowId: '1', triggerId: 'log-after-save' }])).toBe(false)
    expect(firesLogAfterSave('Event', [{ workflowId: '2', triggerId: 'event-publish' }])).toBe(true)
  })
})

describe('logAfterSaveData', () => {
  it('gives {Log: {...}} with ids as strings and request_is_rest', () => {
    expect(logAfterSaveData(7, row, true)).toEqual({
      Log: {
        id: '7',
        org: 'ORGNAME',
        email: 'admin@admin.test',
        user_id: '1',
        action: 'add',
        title: 'Event (1): x',
        change: '',
        model: 'Event',
        model_id: '1',
        created: '2024-01-01 00:00:00',
        description: '',
        ip: '',
        request_is_rest: true,
      },
    })
  })
})

describe('fireLogAfterSave', () => {
  it('fires through the dispatcher for an Event row only', async () => {
    const calls: unknown[] = []
    const dispatcher = {
      async fire(...args: unknown[]) {
        calls.push(args)
        return { success: true, errors: [] }
      },
    }
    await fireLogAfterSave(dispatcher, 1, row)
    await fireLogAfterSave(dispatcher, 2, { ...row, model: 'Workflow' })
    // The site built the data for this firing: it gives it away (FireOptions.isRawTransferred).
    expect(calls).toEqual([
      ['log-after-save', logAfterSaveData(1, row, false), undefined, { isRawTransferred: true, chain: undefined }],
    ])
  })
})
