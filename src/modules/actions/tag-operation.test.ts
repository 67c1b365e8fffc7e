import { describe, expect, it } from 'vitest'
import { execModule } from '../../../test/harness/exec-module.ts'
import { recordingBackend } from '../../../test/harness/recording-backend.ts'
import { tagOperation } from './tag-operation.ts'

const data = {
  Event: {
    id: '7',
    Tag: [{ name: 'tlp:white' }],
    _AttributeFlattened: [
      { id: '11', type: 'ip-dst', Tag: [{ name: 'tlp:white' }] },
      { id: '12', type: 'domain', Tag: [] },
    ],
  },
}

describe('tag_operation', () => {
  it('attaches each tag to the event, as a local tag by default', async () => {
    const { backend, argsOf } = recordingBackend()
    const run = await execModule(tagOperation, { tags: ['a', 'b'] }, data, { ports: { backend } })
    expect(run.result).toBe(true)
    expect(argsOf('attachTag')).toEqual([
      [
        { kind: 'event', eventId: '7' },
        { name: 'a', local: true, relationshipType: '' },
      ],
      [
        { kind: 'event', eventId: '7' },
        { name: 'b', local: true, relationshipType: '' },
      ],
    ])
  })

  it('stores locality "any" as global when adding and detaches either locality when removing', async () => {
    const adding = recordingBackend()
    await execModule(tagOperation, { tags: ['a'], locality: 'any' }, data, { ports: { backend: adding.backend } })
    expect(adding.argsOf('attachTag')[0][1]).toMatchObject({ local: false })
    const removing = recordingBackend()
    await execModule(tagOperation, { tags: ['a'], locality: 'any', action: 'remove' }, data, {
      ports: { backend: removing.backend },
    })
    expect(removing.argsOf('detachTag')).toEqual([
      [
        { kind: 'event', eventId: '7' },
        { name: 'a', local: null },
      ],
    ])
  })

  it('acts on every attribute with scope "attribute", or on the node-filtered ones', async () => {
    const all = recordingBackend()
    await execModule(tagOperation, { scope: 'attribute', tags: ['x'] }, data, { ports: { backend: all.backend } })
    expect(all.argsOf('attachTag').map(([target]) => target)).toEqual([
      { kind: 'attribute', attributeId: '11' },
      { kind: 'attribute', attributeId: '12' },
    ])
    const filtered = recordingBackend()
    await execModule(tagOperation, { scope: 'attribute', tags: ['x'] }, data, {
      ports: { backend: filtered.backend },
      savedFilters: { selector: 'Event._AttributeFlattened.{n}', value: 'domain', operator: 'equals', path: 'type' },
    })
    expect(filtered.argsOf('attachTag').map(([target]) => target)).toEqual([{ kind: 'attribute', attributeId: '12' }])
  })

  it('tags the event through a filter on the top-level entries (selector "") only when it matches', async () => {
    const matching = recordingBackend()
    const filters = { selector: '', value: 'tlp:white', operator: 'in', path: 'Tag.{n}.name' }
    await execModule(tagOperation, { tags: ['tlp:clear'] }, data, {
      ports: { backend: matching.backend },
      savedFilters: filters,
    })
    expect(matching.argsOf('attachTag')).toHaveLength(1)
    const other = recordingBackend()
    await execModule(tagOperation, { tags: ['tlp:clear'] }, data, {
      ports: { backend: other.backend },
      savedFilters: { ...filters, value: 'tlp:red' },
    })
    expect(other.argsOf('attachTag')).toHaveLength(0)
  })

  it('is false when nothing was attached and does not touch the roaming data', async () => {
    const { backend } = recordingBackend({ attachTag: async () => false })
    const run = await execModule(tagOperation, { tags: ['a'] }, data, { ports: { backend } })
    expect(run.result).toBe(false)
    expect(run.data).toEqual(data)
  })

  it('fails with a clear error when the host has no tag operations', async () => {
    await expect(execModule(tagOperation, { tags: ['a'] }, data)).rejects.toThrow(
      'this host cannot perform `attachTag`: its data backend does not offer it',
    )
  })
})
