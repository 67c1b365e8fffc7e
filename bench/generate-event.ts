/**
 * A generated MISP event in `fetchEvent` shape with N attributes, for benchmarks: realistic
 * column types (ids as strings, booleans), tags on the event and on some attributes.
 */

const TYPES = [
  ['ip-dst', 'Network activity'],
  ['domain', 'Network activity'],
  ['url', 'Network activity'],
  ['md5', 'Payload delivery'],
  ['sha256', 'Payload delivery'],
  ['filename', 'Artifacts dropped'],
] as const

function tag(id: number, name: string) {
  return {
    id: String(id),
    name,
    colour: '#ffffff',
    exportable: true,
    user_id: '0',
    hide_tag: false,
    numerical_value: null,
    is_galaxy: false,
    is_custom_galaxy: false,
    local_only: false,
    local: false,
    relationship_type: null,
  }
}

function value(type: string, i: number): string {
  switch (type) {
    case 'ip-dst':
      return `198.51.${(i >> 8) & 255}.${i & 255}`
    case 'domain':
      return `host-${i}.example.com`
    case 'url':
      return `https://host-${i}.example.com/path/${i}`
    case 'md5':
      return i.toString(16).padStart(32, '0')
    case 'sha256':
      return i.toString(16).padStart(64, 'a')
    default:
      return `dropped-${i}.exe`
  }
}

/** An event with `count` attributes; every tenth attribute carries `tlp:amber`. */
export function generateEvent(count: number): Record<string, unknown> {
  const attributes = Array.from({ length: count }, (_, i) => {
    const [type, category] = TYPES[i % TYPES.length]
    return {
      id: String(1000 + i),
      type,
      category,
      to_ids: i % 3 !== 0,
      uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      event_id: '42',
      distribution: '5',
      timestamp: '1727775600',
      comment: i % 5 === 0 ? 'seen in campaign' : '',
      sharing_group_id: '0',
      deleted: false,
      disable_correlation: false,
      object_id: '0',
      object_relation: null,
      first_seen: null,
      last_seen: null,
      value: value(type, i),
      Galaxy: [],
      ShadowAttribute: [],
      ...(i % 10 === 0 ? { Tag: [tag(20, 'tlp:amber')] } : {}),
    }
  })
  return {
    Event: {
      id: '42',
      orgc_id: '2',
      org_id: '1',
      date: '2024-10-01',
      threat_level_id: '1',
      info: `Generated event with ${count} attributes`,
      published: false,
      uuid: '5d1e2b7a-3c4f-4e1a-9b2c-000000000042',
      attribute_count: String(count),
      analysis: '1',
      timestamp: '1727775600',
      distribution: '1',
      proposal_email_lock: false,
      locked: false,
      publish_timestamp: '0',
      sharing_group_id: '0',
      disable_correlation: false,
      extends_uuid: '',
      Org: { id: '1', name: 'ORGNAME', uuid: 'c5de83b4-36ba-49d6-9530-2a315caeece6', local: true },
      Orgc: { id: '2', name: 'CIRCL', uuid: '55f6ea5e-2c60-40e5-964f-47a8950d210f', local: false },
      Attribute: attributes,
      ShadowAttribute: [],
      RelatedEvent: [],
      Galaxy: [],
      Object: [],
      EventReport: [],
      Tag: [tag(1, 'tlp:red'), tag(2, 'type:OSINT')],
    },
  }
}
