import { describe, expect, it } from 'vitest'
import type { GraphNode, ModuleContext, RoamingData } from '../../engine/index.ts'
import { stopExecution } from './stop-execution.ts'

const NODE: GraphNode = { id: 2, data: { id: 'stop-execution', module_type: 'action' } }

function context(params: Record<string, unknown>): ModuleContext<{ message?: unknown }> {
  let data: unknown = { Event: { id: '1' } }
  const roaming: RoamingData = {
    getData: () => data,
    setData: (next) => {
      data = next
    },
    getUser: () => null,
    getWorkflow: () => null,
    getCurrentNode: () => '2',
    getTriggerNode: () => null,
    getEnabledFilters: () => ({}),
  }
  return {
    params,
    get data() {
      return data
    },
    setData: roaming.setData,
    node: NODE,
    errors: [],
    roaming,
    filters: { selector: '', value: '', operator: '', path: '' },
    filtersEnabled: false,
    matchingItems: () => [],
    ports: {},
    workflow: null,
  }
}

describe('stop-execution', () => {
  it('pushes the message onto the errors and returns false', async () => {
    const ctx = context({ message: 'TLP:RED events stay home' })
    expect(await stopExecution.exec(ctx)).toBe(false)
    expect(ctx.errors).toEqual(['TLP:RED events stay home'])
  })

  it('pushes the default message when the message is empty', async () => {
    for (const message of ['', null, undefined]) {
      const ctx = context({ message })
      expect(await stopExecution.exec(ctx)).toBe(false)
      expect(ctx.errors).toEqual(['Execution stopped'])
    }
  })

  it('treats the message "0" as empty, as PHP empty() does', async () => {
    const ctx = context({ message: '0' })
    await stopExecution.exec(ctx)
    expect(ctx.errors).toEqual(['Execution stopped'])
  })

  it('leaves the roaming data alone', async () => {
    const ctx = context({ message: 'stop' })
    await stopExecution.exec(ctx)
    expect(ctx.data).toEqual({ Event: { id: '1' } })
  })

  it('is blocking, has no outputs and a Jinja message defaulting to "Execution stopped"', () => {
    expect(stopExecution.descriptor).toMatchObject({
      blocking: true,
      outputs: 0,
      inputs: 1,
      version: '0.2',
      icon: 'ban',
    })
    expect(stopExecution.descriptor.params).toEqual([
      {
        id: 'message',
        label: 'Stop message',
        type: 'input',
        default: 'Execution stopped',
        placeholder: 'Execution stopped',
        jinja_supported: true,
      },
    ])
  })
})
