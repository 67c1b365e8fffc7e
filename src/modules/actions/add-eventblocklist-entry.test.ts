import { describe, expect, it } from 'vitest'
import { execModule } from '../../../test/harness/exec-module.ts'
import { recordingBackend } from '../../../test/harness/recording-backend.ts'
import { addEventblocklistEntry } from './add-eventblocklist-entry.ts'

const UUID = '5b3d3a8c-1f0e-4c8e-9a55-6c2a4f1d2e3b'

describe('add_eventblocklist_entry', () => {
  it('blocklists the event at the paths, naming its creator organisation (MISP\'s "unkwown" when unknown)', async () => {
    const known = recordingBackend({ organisationName: async () => 'CIRCL', addEventBlocklistEntry: async () => true })
    await execModule(
      addEventblocklistEntry,
      {},
      { Event: { uuid: UUID, info: 'Bad', orgc_id: '2' } },
      {
        ports: { backend: known.backend },
      },
    )
    expect(known.argsOf('addEventBlocklistEntry')).toEqual([
      [{ event_uuid: UUID, event_info: 'Bad', event_orgc: 'CIRCL', comment: 'Blocked from workflow' }],
    ])
    const unknown = recordingBackend({ organisationName: async () => null, addEventBlocklistEntry: async () => true })
    const run = await execModule(
      addEventblocklistEntry,
      { block_comment: 'x' },
      { Event: { uuid: UUID, info: 'Bad', orgc_id: '9' } },
      { ports: { backend: unknown.backend } },
    )
    expect(run.result).toBe(true)
    expect(unknown.argsOf('addEventBlocklistEntry')[0][0]).toMatchObject({ event_orgc: 'unkwown', comment: 'x' })
  })

  it('fails the node when the path holds no UUID, or something else', async () => {
    const { backend, calls } = recordingBackend()
    const missing = await execModule(addEventblocklistEntry, {}, { Event: { info: 'x' } }, { ports: { backend } })
    expect(missing).toMatchObject({ result: false, errors: ['No event UUID at `Event.uuid`'] })
    const hostile = await execModule(
      addEventblocklistEntry,
      {},
      { Event: { uuid: "'; drop table" } },
      {
        ports: { backend },
      },
    )
    expect(hostile.result).toBe(false)
    expect(calls).toEqual([])
  })
})
