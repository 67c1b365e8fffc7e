import { describe, expect, it } from 'vitest'
import { execModule } from '../../../test/harness/exec-module.ts'
import { CONCURRENT_TASK_ID, concurrentTask } from './concurrent-task.ts'

describe('concurrent-task', () => {
  it('removes __node_id_to_exec, stores the rest and returns true', async () => {
    const outcome = await execModule(concurrentTask, {}, { Event: { id: '1' }, __node_id_to_exec: 4 })
    expect(outcome.result).toBe(true)
    expect(outcome.data).toEqual({ Event: { id: '1' } })
  })

  it('stores the filtered view when path filters are active', async () => {
    const filter = { selector: 'Event.Tag.{n}', path: 'name', operator: 'equals', value: 'tlp:red' }
    const data = {
      Event: { Tag: [{ name: 'tlp:white' }, { name: 'tlp:red' }] },
      enabledFilters: { A: filter },
      __node_id_to_exec: 4,
    }
    const outcome = await execModule(concurrentTask, {}, data)
    expect(outcome.data).toEqual({ Event: { Tag: { 1: { name: 'tlp:red' } } }, enabledFilters: { A: filter } })
  })

  it('stores data without __node_id_to_exec as it is', async () => {
    const data = { Event: { id: '1' } }
    expect((await execModule(concurrentTask, {}, data)).data).toBe(data)
  })

  it('describes one output that takes several connections', () => {
    expect(CONCURRENT_TASK_ID).toBe('concurrent-task')
    expect(concurrentTask.descriptor).toMatchObject({
      outputs: 1,
      multiple_output_connection: true,
      html_template: 'concurrent',
      icon: 'random',
      params: [],
    })
  })
})
