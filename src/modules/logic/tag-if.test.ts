import { describe, expect, it } from 'vitest'
import { execModule } from '../../../test/harness/exec-module.ts'
import { tagIf } from './tag-if.ts'

const data = {
  Event: {
    Tag: [{ name: 'tlp:red' }, { name: 'PAP:RED' }, { name: 'misp-galaxy:threat-actor="Sofacy"' }],
    _AttributeFlattened: [
      { value: 'a', Tag: [{ name: 'tlp:white' }], _allTags: [{ name: 'tlp:white' }, { name: 'tlp:red' }] },
      { value: 'b', Tag: [{ name: 'tlp:white' }], _allTags: [{ name: 'tlp:white' }, { name: 'tlp:red' }] },
      { value: 'c', _allTags: [{ name: 'tlp:red' }] },
    ],
  },
}

const run = async (params: Record<string, unknown>) => (await execModule(tagIf, params, data)).result

describe('tag-if', () => {
  it('tests the event tags with in_or', async () => {
    expect(await run({ scope: 'event', condition: 'in_or', tags: ['tlp:white', 'tlp:red'] })).toBe(true)
    expect(await run({ scope: 'event', condition: 'in_or', tags: ['tlp:white'] })).toBe(false)
  })

  it('tests the event tags with in_and', async () => {
    expect(await run({ scope: 'event', condition: 'in_and', tags: ['PAP:RED', 'tlp:red'] })).toBe(true)
    expect(await run({ scope: 'event', condition: 'in_and', tags: ['tlp:red', 'tlp:white'] })).toBe(false)
  })

  it('tests the event tags with not_in_or', async () => {
    expect(await run({ scope: 'event', condition: 'not_in_or', tags: ['tlp:white', 'tlp:clear'] })).toBe(true)
    expect(await run({ scope: 'event', condition: 'not_in_or', tags: ['tlp:red'] })).toBe(false)
  })

  it('tests the event tags with not_in_and in selection order', async () => {
    expect(await run({ scope: 'event', condition: 'not_in_and', tags: ['tlp:red', 'PAP:RED'] })).toBe(false)
    expect(await run({ scope: 'event', condition: 'not_in_and', tags: ['tlp:red', 'tlp:white'] })).toBe(true)
  })

  it('judges all tags present in another order as "not all present" with not_in_and, as PHP does', async () => {
    expect(await run({ scope: 'event', condition: 'not_in_and', tags: ['PAP:RED', 'tlp:red'] })).toBe(true)
  })

  it('adds the misp-galaxy: prefix to selected clusters', async () => {
    expect(await run({ scope: 'event', condition: 'in_or', tags: [], clusters: ['threat-actor="Sofacy"'] })).toBe(true)
    expect(
      await run({ scope: 'event', condition: 'in_and', tags: ['tlp:red'], clusters: ['threat-actor="Sofacy"'] }),
    ).toBe(true)
  })

  it('tests the direct tags of all attributes in the attribute scope', async () => {
    expect(await run({ scope: 'attribute', condition: 'in_or', tags: ['tlp:white'] })).toBe(true)
    expect(await run({ scope: 'attribute', condition: 'in_or', tags: ['tlp:red'] })).toBe(false)
  })

  it('fails in_and when two attributes carry the selected tag, as PHP does', async () => {
    expect(await run({ scope: 'attribute', condition: 'in_and', tags: ['tlp:white'] })).toBe(false)
  })

  it('tests inherited tags in the event_attribute scope', async () => {
    expect(await run({ scope: 'event_attribute', condition: 'in_or', tags: ['tlp:red'] })).toBe(true)
    expect(await run({ scope: 'event_attribute', condition: 'not_in_or', tags: ['tlp:amber'] })).toBe(true)
  })

  it('counts empty selections as [], so not_in_or holds', async () => {
    expect(await run({ scope: 'event', condition: 'not_in_or', tags: '', clusters: '' })).toBe(true)
    expect(await run({ scope: 'event', condition: 'in_or' })).toBe(false)
  })

  it('fails with an error on a lone tag name or cluster, where MISP crashes (array_merge / array_map TypeError)', async () => {
    await expect(run({ scope: 'event', condition: 'in_or', tags: 'tlp:red' })).rejects.toMatchObject({
      code: 'SLC_MISP_CRASH',
    })
    await expect(run({ scope: 'event', condition: 'in_or', tags: [], clusters: 'x' })).rejects.toMatchObject({
      code: 'SLC_MISP_CRASH',
    })
  })

  it('reads the event scope for an unknown scope and is false for an unknown condition', async () => {
    expect(await run({ scope: 'x', condition: 'in_or', tags: ['tlp:red'] })).toBe(true)
    expect(await run({ scope: 'event', condition: 'in', tags: ['tlp:red'] })).toBe(false)
  })

  it('finds no tags on data without an event', async () => {
    expect((await execModule(tagIf, { condition: 'not_in_or', tags: ['tlp:red'] }, {})).result).toBe(true)
  })
})
