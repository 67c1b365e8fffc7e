import { describe, expect, it } from 'vitest'
import type { GraphNode, WorkflowRecord, WorkflowUser } from '../contract/index.ts'
import { applyPathFilters } from './filters.ts'
import { createRoamingData, type RoamingInit } from './roaming-data.ts'

const ip = { type: 'ip-dst', value: '1.2.3.4' }
const url = { type: 'url', value: 'http://x' }

const urlsOnly = {
  A: { selector: 'Event._AttributeFlattened.{n}', path: 'type', operator: 'equals', value: 'url' },
}

function payload(enabledFilters?: unknown) {
  return { Event: { id: '7', _AttributeFlattened: [ip, url] }, ...(enabledFilters ? { enabledFilters } : {}) }
}

function roaming(data: unknown, extra: Partial<RoamingInit> = {}) {
  return createRoamingData({ data, user: null, workflow: null, triggerNode: null, currentNode: '1', ...extra })
}

describe('createRoamingData', () => {
  it('raises MISP’s crash from getData when enabledFilters is a non-empty value that is not an array', () => {
    expect(() => roaming(payload('A')).getData()).toThrow(expect.objectContaining({ code: 'SLC_MISP_CRASH' }))
  })

  it('returns the stored data itself from getData when no filter is enabled', () => {
    for (const data of [payload(), payload({}), null, 'text']) {
      expect(roaming(data).getData()).toBe(data)
    }
  })

  it('returns the filtered view from getData while filters are enabled', () => {
    const data = payload(urlsOnly)
    const view = roaming(data).getData() as ReturnType<typeof payload>
    expect(view).toEqual(applyPathFilters(data))
    expect(view.Event._AttributeFlattened).toEqual({ 1: url })
  })

  it('keeps the unfiltered payload in raw()', () => {
    const data = payload(urlsOnly)
    const state = roaming(data)
    state.getData()
    expect(state.raw()).toBe(data)
    expect(data.Event._AttributeFlattened).toEqual([ip, url])
  })

  it('computes the filtered view once per stored payload', () => {
    const state = roaming(payload(urlsOnly))
    expect(state.getData()).toBe(state.getData())
  })

  it('computes the view afresh after setData', () => {
    const state = roaming(payload(urlsOnly))
    const first = state.getData()
    const next = payload(urlsOnly)
    state.setData(next)
    const second = state.getData()
    expect(second).not.toBe(first)
    expect(second).toEqual(first)
    expect(state.raw()).toBe(next)
  })

  it('stops filtering once setData stores a payload without filters', () => {
    const state = roaming(payload(urlsOnly))
    const plain = payload()
    state.setData(plain)
    expect(state.getData()).toBe(plain)
  })

  it('returns the enabled filters, or {} when there are none', () => {
    expect(roaming(payload(urlsOnly)).getEnabledFilters()).toBe(urlsOnly)
    for (const data of [payload(), null, 'text', { enabledFilters: 'x' }]) {
      expect(roaming(data).getEnabledFilters()).toEqual({})
    }
  })

  it('reads the enabled filters of the payload stored last', () => {
    const state = roaming(payload())
    state.setData(payload(urlsOnly))
    expect(state.getEnabledFilters()).toBe(urlsOnly)
  })

  it('moves the current node with setCurrentNode', () => {
    const state = roaming(payload(), { currentNode: '1' })
    expect(state.getCurrentNode()).toBe('1')
    state.setCurrentNode('4')
    expect(state.getCurrentNode()).toBe('4')
  })

  it('hands back the user, workflow and trigger node it was made with', () => {
    const user = { id: 1, email: 'admin@admin.test', org_id: 1, Role: {} } as WorkflowUser
    const workflow = { id: 1, name: 'w', trigger_id: 'event-publish', data: [] } as WorkflowRecord
    const triggerNode = { id: 1, data: { id: 'event-publish', module_type: 'trigger' } } as GraphNode
    const state = roaming(payload(), { user, workflow, triggerNode })
    expect(state.getUser()).toBe(user)
    expect(state.getWorkflow()).toBe(workflow)
    expect(state.getTriggerNode()).toBe(triggerNode)
  })
})
