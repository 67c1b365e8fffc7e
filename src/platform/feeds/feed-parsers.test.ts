import { describe, expect, it } from 'vitest'
import { csvCells, manifestUuids, parseCsv, parseFreetext, parseMispEvent, ValueCollector } from './feed-parsers.ts'
import { correlationParts } from './feed-values.ts'

const UUID = '5a0a8f4e-1c2d-4e5f-9a6b-7c8d9e0f1a2b'

describe('csvCells', () => {
  it('splits on the delimiter, keeping it inside quotes and reading "" as a quote', () => {
    expect(csvCells('a;"b;c";"say ""hi""";', ';')).toEqual(['a', 'b;c', 'say "hi"', ''])
  })
})

describe('parseCsv', () => {
  it('takes the configured 1-based columns, skipping the header and `#` lines', () => {
    const into = new ValueCollector()
    parseCsv('ip,port\n# note\n192.0.2.1,80\n192.0.2.2\n', { columns: [1, 2], delimiter: ',', hasHeader: true }, into)
    expect(into.values.map((entry) => entry.value)).toEqual(['192.0.2.1', '80', '192.0.2.2'])
  })
})

describe('parseFreetext', () => {
  it('keeps one trimmed value per line, without blanks, comments or duplicates', () => {
    const into = new ValueCollector()
    parseFreetext('\uFEFF# list\r\n 192.0.2.1 \r\n\r\n192.0.2.1\n', into)
    expect(into.values).toEqual([{ value: '192.0.2.1', eventUuid: null }])
  })
})

describe('manifestUuids', () => {
  it('answers the event uuids of a manifest, lower-cased', () => {
    expect(manifestUuids(JSON.stringify({ [UUID.toUpperCase()]: {} }), 'manifest.json')).toEqual([UUID])
  })
  it('refuses a key that is not a uuid, so that no path or URL escapes the feed', () => {
    expect(() => manifestUuids('{"../../etc/passwd": {}}', 'manifest.json')).toThrow('not an event uuid')
  })
  it('refuses a list', () => {
    expect(() => manifestUuids('[]', 'manifest.json')).toThrow('not a MISP feed manifest')
  })
})

describe('parseMispEvent', () => {
  it('collects event and object attributes with their event uuid, composite values as parts', () => {
    const into = new ValueCollector()
    const event = {
      Event: {
        Attribute: [
          { type: 'domain|ip', value: 'evil.example|192.0.2.1' },
          { type: 'ip-dst', value: 7 },
        ],
        Object: [{ Attribute: [{ type: 'ip-src|port', value: '192.0.2.2|22' }] }, null],
      },
    }
    parseMispEvent(JSON.stringify(event), UUID, 'e.json', into)
    expect(into.values.map((entry) => entry.value)).toEqual(['evil.example', '192.0.2.1', '192.0.2.2'])
    expect(new Set(into.values.map((entry) => entry.eventUuid))).toEqual(new Set([UUID]))
  })
})

describe('correlationParts', () => {
  it('looks up both halves of a composite value, but only the host of a `…|port` type, as MISP does', () => {
    expect(correlationParts('domain|ip', 'a.example|192.0.2.1')).toEqual(['a.example', '192.0.2.1'])
    expect(correlationParts('ip-dst|port', '192.0.2.1|443')).toEqual(['192.0.2.1'])
  })
  it('also looks up a URL without its scheme, as MISP does', () => {
    expect(correlationParts('url', 'https://a.example/x')).toEqual(['https://a.example/x', 'a.example/x'])
    expect(correlationParts('ip-dst', '192.0.2.1')).toEqual(['192.0.2.1'])
  })
})
