import { describe, expect, it } from 'vitest'
import { answerAttribute, knownObjects, objectsFromAnswer } from './enrichment-objects.ts'

const asn = (extra: Record<string, unknown> = {}) => ({
  name: 'asn',
  'meta-category': 'network',
  Attribute: [{ object_relation: 'asn', type: 'AS', value: 64496 }],
  ...extra,
})

describe('objectsFromAnswer', () => {
  it('reads the objects of a misp_standard answer as object-add bodies, with their references', () => {
    const [object] = objectsFromAnswer(
      {
        results: {
          Object: [
            asn({
              uuid: '9d2f7e4b-1c3a-4b5d-8e6f-2a7b9c0d1e22',
              id: '77',
              event_id: '3',
              ObjectReference: [
                { referenced_uuid: 'AB7F0C7E-0000-4000-8000-000000000001', relationship_type: 'includes' },
              ],
            }),
          ],
        },
      },
      '192.0.2.10: enriched via the ipasn module.',
    )
    expect(object).toEqual({
      body: {
        name: 'asn',
        uuid: '9d2f7e4b-1c3a-4b5d-8e6f-2a7b9c0d1e22',
        'meta-category': 'network',
        comment: '192.0.2.10: enriched via the ipasn module.',
        Attribute: [
          {
            object_relation: 'asn',
            type: 'AS',
            value: '64496',
            comment: '192.0.2.10: enriched via the ipasn module.',
          },
        ],
      },
      references: [{ referenced_uuid: 'ab7f0c7e-0000-4000-8000-000000000001', relationship_type: 'includes' }],
    })
  })

  it('finds no objects in the old answer format, an error answer or a body that is not an answer', () => {
    for (const answer of [
      { results: [{ types: ['ip-src'], values: ['192.0.2.53'] }] },
      { error: 'Not found' },
      { results: { Object: 'none' } },
      null,
      'text',
      42,
    ])
      expect(objectsFromAnswer(answer)).toEqual([])
  })

  it('drops each malformed object or attribute alone', () => {
    const objects = objectsFromAnswer({
      results: {
        Object: [
          null,
          [],
          { 'meta-category': 'network', Attribute: asn().Attribute },
          { name: '  ', Attribute: asn().Attribute },
          asn({ Attribute: 'not a list' }),
          asn({ Attribute: [{ object_relation: 'asn', type: 'no-such-type', value: '1' }] }),
          asn({
            Attribute: [
              { type: 'AS', value: '1' },
              { object_relation: 'asn', type: 'AS', value: { nested: true } },
              { object_relation: 'asn', type: 'AS', value: '64511', Tag: ['tlp:green', { name: '' }, { local: 1 }, 7] },
            ],
          }),
        ],
      },
    })
    expect(objects.map((object) => object.body.Attribute)).toEqual([
      [{ object_relation: 'asn', type: 'AS', value: '64511', Tag: [{ name: 'tlp:green', local: false }] }],
    ])
  })
})

describe('answerAttribute', () => {
  it('keeps only the fields a new attribute takes, and fills an empty comment', () => {
    expect(
      answerAttribute(
        {
          id: '9',
          event_id: '1',
          type: 'ip-dst',
          value: '198.51.100.7',
          comment: '',
          to_ids: true,
          Tag: [{ name: 'x', local: true }],
        },
        'default',
      ),
    ).toEqual({
      type: 'ip-dst',
      value: '198.51.100.7',
      comment: 'default',
      to_ids: true,
      Tag: [{ name: 'x', local: true }],
    })
    expect(answerAttribute({ type: 'ip-dst' })).toBeNull()
    expect(answerAttribute({ value: '198.51.100.7' })).toBeNull()
  })
})

describe('knownObjects', () => {
  it('reads the objects of a fetched event, and none from an event without them', () => {
    const [known] = knownObjects({
      Object: [
        {
          uuid: 'u1',
          Attribute: [{ object_relation: 'asn', type: 'AS', value: '64496' }],
          ObjectReference: [{ referenced_uuid: 'u2', relationship_type: 'includes' }],
        },
      ],
    })
    expect(known!.uuid).toBe('u1')
    expect(known!.triples.size).toBe(1)
    expect(known!.references.size).toBe(1)
    expect(knownObjects({})).toEqual([])
  })
})
