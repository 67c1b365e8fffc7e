/**
 * A small MISP-core-format event (spec/CORE-FORMAT.md) for the hash-path preview when the user
 * has not pasted or picked data of their own. Written for Sluice; the shape is MISP's.
 */
export const SAMPLE_EVENT = {
  Event: {
    id: '42',
    uuid: '5e6b8a3c-0b1f-4c2e-9a7d-3f1e2d4c5b6a',
    info: 'Phishing campaign against finance staff',
    published: false,
    distribution: '1',
    threat_level_id: '2',
    analysis: '1',
    Orgc: { id: '1', name: 'ORGNAME', uuid: 'c5de83b4-36ba-49d6-9530-2a315caeece6' },
    Tag: [
      { id: '3', name: 'tlp:amber', colour: '#FFC000', local: false },
      { id: '7', name: 'PAP:RED', colour: '#ff0000', local: false },
    ],
    Attribute: [
      {
        id: '100',
        type: 'domain',
        category: 'Network activity',
        value: 'login-portal.example',
        to_ids: true,
        Tag: [{ id: '9', name: 'tlp:red', local: false }],
      },
      { id: '101', type: 'ip-dst', category: 'Network activity', value: '198.51.100.7', to_ids: true, Tag: [] },
    ],
    Object: [
      {
        id: '12',
        name: 'email',
        Attribute: [
          {
            id: '102',
            type: 'email-src',
            category: 'Payload delivery',
            value: 'hr@login-portal.example',
            to_ids: false,
            Tag: [],
          },
        ],
      },
    ],
    _AttributeFlattened: [
      {
        id: '100',
        type: 'domain',
        value: 'login-portal.example',
        to_ids: true,
        Tag: [{ id: '9', name: 'tlp:red' }],
        _allTags: [{ name: 'tlp:red' }, { name: 'tlp:amber', inherited: true }, { name: 'PAP:RED', inherited: true }],
      },
      {
        id: '101',
        type: 'ip-dst',
        value: '198.51.100.7',
        to_ids: true,
        Tag: [],
        _allTags: [
          { name: 'tlp:amber', inherited: true },
          { name: 'PAP:RED', inherited: true },
        ],
      },
      {
        id: '102',
        type: 'email-src',
        value: 'hr@login-portal.example',
        to_ids: false,
        Tag: [],
        _allTags: [
          { name: 'tlp:amber', inherited: true },
          { name: 'PAP:RED', inherited: true },
        ],
      },
    ],
  },
}
