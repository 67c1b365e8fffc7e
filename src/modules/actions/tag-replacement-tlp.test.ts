import { describe, expect, it } from 'vitest'
import { execModule } from '../../../test/harness/exec-module.ts'
import { recordingBackend } from '../../../test/harness/recording-backend.ts'
import { tagReplacementPap } from './tag-replacement-pap.ts'
import { tagReplacementTlp } from './tag-replacement-tlp.ts'

const eventWith = (tags: string[], attributeTags: string[] = []) => ({
  Event: {
    id: '3',
    Tag: tags.map((name) => ({ name })),
    _AttributeFlattened: [{ id: '9', Tag: attributeTags.map((name) => ({ name })) }],
  },
})

async function substitutes(module: typeof tagReplacementTlp, tag: string): Promise<string[]> {
  const { backend, argsOf } = recordingBackend()
  await execModule(module, { scope: 'event' }, eventWith([tag]), { ports: { backend } })
  return argsOf('attachTag').map(([, attachment]) => (attachment as { name: string }).name)
}

describe('tag_replacement_tlp', () => {
  it.each([
    ['TLP:GREEN', 'tlp:green'],
    ['tlp= amber', 'tlp:amber'],
    ['misp:tlp:"red"', 'tlp:red'],
    ['Tlp-White', 'tlp:white'],
  ])('rewrites %s to %s', async (tag, expected) => {
    expect(await substitutes(tagReplacementTlp, tag)).toEqual([expected])
  })

  it('keeps amber+strict (Q9 fixed: MISP captures "amber" first)', async () => {
    expect(await substitutes(tagReplacementTlp, 'TLP:AMBER+STRICT')).toEqual(['tlp:amber+strict'])
  })

  it("leaves canonical tags, other namespaces and the long form alone, as MISP's group check does", async () => {
    expect(await substitutes(tagReplacementTlp, 'tlp:clear')).toEqual([])
    expect(await substitutes(tagReplacementTlp, 'xtlpx:green')).toEqual([])
    expect(await substitutes(tagReplacementTlp, 'traffic light protocol: red')).toEqual([])
  })

  it('detaches the original (any locality) before attaching when remove_substituted is "yes"', async () => {
    const { backend, calls } = recordingBackend()
    const run = await execModule(
      tagReplacementTlp,
      { scope: 'all', remove_substituted: 'yes', locality: 'global' },
      eventWith(['TLP:RED'], ['tlp-green']),
      { ports: { backend } },
    )
    expect(run.result).toBe(true)
    expect(calls.map((call) => [call.operation, ...call.args])).toEqual([
      ['detachTag', { kind: 'event', eventId: '3' }, { name: 'TLP:RED', local: null }],
      ['attachTag', { kind: 'event', eventId: '3' }, { name: 'tlp:red', local: false, relationshipType: '' }],
      ['detachTag', { kind: 'attribute', attributeId: '9' }, { name: 'tlp-green', local: null }],
      ['attachTag', { kind: 'attribute', attributeId: '9' }, { name: 'tlp:green', local: false, relationshipType: '' }],
    ])
  })

  it('succeeds without any operation when no tag needs rewriting', async () => {
    const { backend, calls } = recordingBackend()
    const run = await execModule(tagReplacementTlp, { scope: 'all' }, eventWith(['tlp:clear']), { ports: { backend } })
    expect(run.result).toBe(true)
    expect(calls).toEqual([])
  })
})

describe('tag_replacement_pap', () => {
  it('rewrites PAP tags to the upper-cased MISP form', async () => {
    expect(await substitutes(tagReplacementPap, 'pap:amber')).toEqual(['PAP:AMBER'])
    expect(await substitutes(tagReplacementPap, 'PAP=clear')).toEqual(['PAP:CLEAR'])
    expect(await substitutes(tagReplacementPap, 'PAP:RED')).toEqual([])
  })
})
