/**
 * A small misp-modules server on 127.0.0.1 speaking its HTTP protocol (spec/PEERS.md §5.4,
 * spec/ENGINE.md §5.7): `GET /modules` and `POST /query`. The Python package cannot be
 * installed here, so it stands in for it with the modules Sluice's workflows use, answering
 * with the result shapes the real modules give:
 *
 *   hashlookup           md5/sha1/sha256 → misp_standard `hashlookup` object (FileName…), or an error
 *   bgpranking           AS              → misp_standard `asn` + `bgp-ranking` objects (position, ranking)
 *   abuseipdb            ip/domain       → misp_standard `abuseipdb` object (is-malicious, confidence)
 *   google_safe_browsing url             → misp_standard `google-safe-browsing` object
 *   mmdb_lookup          ip(-src|-dst)[|port] → misp_standard `geolocation` + `asn` objects
 *   ipasn                ip-src/ip-dst   → misp_standard `asn` object (referencing the queried attribute) + an `AS` attribute
 *   dns                  hostname/domain → the simple `[{types, values}]` format
 *   testaction           an `action` module (params with a hash path and a Jinja template)
 *
 * Every request is recorded; `mode` makes it misbehave (HTTP 500, a body that is not JSON, slow),
 * and `scripted` makes a module answer what a test wants (a hostile answer, say).
 */
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { LocalPlatform } from '../../src/platform/index.ts'

/** Hashes the stand-in hashlookup knows (known, non-malicious files). */
export const KNOWN_HASHES: Record<string, string> = {
  '8d777f385d3dfec8815d20f7496026dc': 'kernel32.dll',
  a94a8fe5ccb19ba61c4c0873d391e987982fbbd3: 'notepad.exe',
}
/** IPs the stand-in AbuseIPDB reports as malicious (confidence 100); others are clean. */
export const MALICIOUS_IPS = new Set(['203.0.113.66'])
/** AS numbers and their BGP ranking position (lower is worse). */
export const BGP_POSITIONS: Record<string, number> = { AS64496: 12, AS64511: 800 }

/**
 * Where the stand-in mmdb_lookup places IPs: `[country name, ISO code, average latitude,
 * average longitude, AS number, AS organisation]`, as ip.circl.lu's `geo_open` database
 * answers. Other IPs get MISP's "Empty result returned by server" error.
 */
export const GEOLOCATIONS: Record<string, [string, string, number, number, number, string]> = {
  '192.0.2.10': ['Luxembourg', 'LU', 49.77, 6.09, 6661, 'POST Luxembourg'],
  '198.51.100.20': ['United States', 'US', 39.76, -98.5, 15169, 'GOOGLE'],
  '203.0.113.30': ['Japan', 'JP', 35.69, 139.69, 2914, 'NTT-COMMUNICATIONS-2914'],
}

/** How the server behaves. */
export type ModulesServerMode = 'normal' | 'http-500' | 'not-json' | 'slow'

/** A running server. */
export interface MispModulesServer {
  url: string
  port: number
  /** Bodies of every `POST /query`. */
  queries: any[]
  /** How many `GET /modules` it answered. */
  listings: number
  mode: ModulesServerMode
  /** Answers given instead of the stand-in's own, by module name (cleared by the test). */
  scripted: Map<string, unknown>
  close(): Promise<void>
}

function standardObject(name: string, attributes: Array<[string, string, unknown]>, metaCategory = 'network') {
  return {
    name,
    'meta-category': metaCategory,
    Attribute: attributes.map(([relation, type, value]) => ({ object_relation: relation, type, value })),
  }
}

/** The module list, as misp-modules answers `GET /modules`. */
export const MODULE_LIST = [
  {
    name: 'hashlookup',
    type: 'expansion',
    mispattributes: { input: ['md5', 'sha1', 'sha256'], output: ['text'], format: 'misp_standard' },
    meta: { 'module-type': ['expansion', 'hover'], description: 'Query the CIRCL hashlookup service', config: [] },
  },
  {
    name: 'bgpranking',
    type: 'expansion',
    mispattributes: { input: ['AS'], format: 'misp_standard' },
    meta: { 'module-type': ['expansion', 'hover'], description: 'Query BGP Ranking', config: [] },
  },
  {
    name: 'abuseipdb',
    type: 'expansion',
    mispattributes: { input: ['ip-src', 'ip-dst', 'hostname', 'domain', 'domain|ip'], format: 'misp_standard' },
    meta: { 'module-type': ['expansion', 'hover'], description: 'AbuseIPDB look-up', config: ['api_key'] },
  },
  {
    name: 'google_safe_browsing',
    type: 'expansion',
    mispattributes: { input: ['url'], format: 'misp_standard' },
    meta: { 'module-type': ['expansion', 'hover'], description: 'Google Safe Browsing look-up', config: ['api_key'] },
  },
  {
    name: 'mmdb_lookup',
    type: 'expansion',
    mispattributes: { input: ['ip-src', 'ip-src|port', 'ip-dst', 'ip-dst|port'], format: 'misp_standard' },
    meta: {
      'module-type': ['expansion', 'hover'],
      description:
        'An expansion module to enrich an ip with geolocation and asn information from an mmdb server such as ip.circl.lu.',
      config: ['custom_API', 'db_source_filter', 'max_country_info_qt'],
    },
  },
  {
    name: 'ipasn',
    type: 'expansion',
    mispattributes: { input: ['ip-src', 'ip-dst'], format: 'misp_standard' },
    meta: { 'module-type': ['expansion', 'hover'], description: 'Query an IP ASN history service', config: [] },
  },
  {
    name: 'dns',
    type: 'expansion',
    mispattributes: { input: ['hostname', 'domain'], output: ['ip-src', 'ip-dst'] },
    meta: { 'module-type': ['expansion', 'hover'], description: 'Resolve a host name', config: ['nameserver'] },
  },
  {
    name: 'testaction',
    type: 'action',
    mispattributes: {},
    meta: {
      'module-type': ['action'],
      description: 'A test action module',
      config: {
        blocking: false,
        expect_misp_core_format: true,
        support_filters: true,
        params: {
          'Data extraction path': { type: 'hash_path', value: 'Event.Attribute.{n}.value' },
          Message: { type: 'large_string', value: 'Hello', jinja_supported: true },
          TargetChannel: { type: 'string' },
        },
      },
    },
  },
]

/**
 * The stand-in mmdb_lookup: like the real module, the results hold the queried attribute and,
 * per database hit, a `geolocation` object (country name, country code, the country's average
 * position, a `text` note) followed by an `asn` object.
 */
function geolocate(attribute: any): unknown {
  const ip = String(attribute.value ?? '').split('|')[0]!
  const hit = GEOLOCATIONS[ip]
  if (!hit) return { error: 'Empty result returned by server' }
  const [country, code, latitude, longitude, asn, organisation] = hit
  const source = 'db_source: geo_open. build_db: 2026-11-01 09:13:44.'
  return {
    results: {
      Attribute: [{ uuid: attribute.uuid, type: attribute.type, category: attribute.category, value: attribute.value }],
      Object: [
        standardObject(
          'geolocation',
          [
            ['country', 'text', country],
            ['countrycode', 'text', code],
            ['latitude', 'float', latitude],
            ['longitude', 'float', longitude],
            ['text', 'text', `${source} Latitude and longitude are country average.`],
          ],
          'misc',
        ),
        standardObject('asn', [
          ['asn', 'text', String(asn)],
          ['description', 'text', `ASNOrganization: ${organisation}. ${source}`],
        ]),
      ],
    },
  }
}

/** MISP's `asn` object template. */
export const ASN_TEMPLATE_UUID = '4ec55cc6-9e49-4c64-b794-03c25c1a6587'

/**
 * The stand-in ipasn, shaped as PyMISP serialises it (every attribute and object with a uuid):
 * an `asn` object (asn, prefix, description) that references the queried attribute, and the AS
 * number as a plain attribute with a tag. IPs it does not know get an error.
 */
function ipasn(attribute: any): unknown {
  const hit = GEOLOCATIONS[String(attribute.value ?? '')]
  if (!hit) return { error: 'No ASN history for this IP' }
  const [, , , , asn, organisation] = hit
  const prefix = `${String(attribute.value).split('.').slice(0, 3).join('.')}.0/24`
  const objectAttribute = (relation: string, type: string, value: string) => ({
    uuid: randomUUID(),
    object_relation: relation,
    type,
    value,
    to_ids: false,
  })
  return {
    results: {
      Attribute: [
        {
          uuid: randomUUID(),
          type: 'AS',
          category: 'Network activity',
          value: String(asn),
          Tag: [{ name: 'source:ipasn' }],
        },
      ],
      Object: [
        {
          uuid: randomUUID(),
          name: 'asn',
          'meta-category': 'network',
          description: 'Autonomous system object describing an autonomous system',
          template_uuid: ASN_TEMPLATE_UUID,
          template_version: '8',
          distribution: '5',
          Attribute: [
            objectAttribute('asn', 'AS', String(asn)),
            objectAttribute('prefix', 'ip-src', prefix),
            objectAttribute('description', 'text', organisation),
          ],
          ObjectReference: [{ referenced_uuid: attribute.uuid, relationship_type: 'includes' }],
        },
      ],
    },
  }
}

/** The answer of the stand-in module for one query. */
function answer(query: any): unknown {
  const attribute = query.attribute ?? {}
  const value = String(attribute.value ?? '')
  switch (query.module) {
    case 'hashlookup': {
      const name = KNOWN_HASHES[value.toLowerCase()]
      if (!name) return { error: 'Not found in hashlookup' }
      return {
        results: {
          Object: [
            standardObject('hashlookup', [
              ['FileName', 'filename', name],
              [attribute.type === 'md5' ? 'MD5' : 'SHA-1', attribute.type, value],
              ['source', 'text', 'NSRL'],
            ]),
          ],
        },
      }
    }
    case 'bgpranking': {
      const position = BGP_POSITIONS[value] ?? 5000
      return {
        results: {
          Object: [
            standardObject('asn', [['asn', 'AS', value]]),
            standardObject('bgp-ranking', [
              ['asn', 'AS', value],
              ['position', 'float', position],
              ['ranking', 'float', 1 / position],
            ]),
          ],
        },
      }
    }
    case 'abuseipdb': {
      const malicious = MALICIOUS_IPS.has(value)
      return {
        results: {
          Object: [
            standardObject('abuseipdb', [
              ['is-malicious', 'boolean', malicious ? 1 : 0],
              ['abuse-confidence-score', 'counter', malicious ? 100 : 0],
              ['total-reports', 'counter', malicious ? 42 : 0],
            ]),
          ],
        },
      }
    }
    case 'google_safe_browsing':
      return {
        results: {
          Object: [
            standardObject('google-safe-browsing', [['malicious', 'boolean', value.includes('malware') ? 1 : 0]]),
          ],
        },
      }
    case 'mmdb_lookup':
      return geolocate(attribute)
    case 'ipasn':
      return ipasn(attribute)
    case 'dns':
      return { results: [{ types: ['ip-src', 'ip-dst'], values: ['192.0.2.53'] }] }
    case 'testaction':
      if (query.params?.message === 'fail') return { error: 'The action module refused the message.' }
      return { data: true }
    default:
      return { error: 'Something went wrong, look in the server logs for details' }
  }
}

/** Starts the server on a free port of 127.0.0.1. */
export async function startMispModulesServer(): Promise<MispModulesServer> {
  const state: MispModulesServer = {
    url: '',
    port: 0,
    queries: [],
    listings: 0,
    mode: 'normal',
    scripted: new Map(),
    close: async () => {},
  }
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const reply = (status: number, body: string) => {
        const send = () => {
          if (response.destroyed) return
          response.writeHead(status, { 'Content-Type': 'application/json' }).end(body)
        }
        if (state.mode === 'slow') setTimeout(send, 3000)
        else send()
      }
      if (state.mode === 'http-500') return reply(500, '{"error": "internal"}')
      if (state.mode === 'not-json') return reply(200, '<html>proxy error</html>')
      if (request.method === 'GET' && request.url === '/modules') {
        state.listings++
        return reply(200, JSON.stringify(MODULE_LIST))
      }
      if (request.method === 'POST' && request.url === '/query') {
        let query: any
        try {
          query = JSON.parse(Buffer.concat(chunks).toString('utf8'))
        } catch {
          return reply(400, '{"error": "bad json"}')
        }
        state.queries.push(query)
        const scripted = state.scripted.get(query.module)
        return reply(200, JSON.stringify(scripted !== undefined ? scripted : answer(query)))
      }
      reply(404, '{"error": "not found"}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.port = (server.address() as AddressInfo).port
  state.url = `http://127.0.0.1:${state.port}`
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return state
}

/** Settings pointing both misp-modules services at `server` (enabled). */
export function mispModulesSettings(server: MispModulesServer): Record<string, unknown> {
  return {
    'Plugin.Action_services_enable': true,
    'Plugin.Action_services_url': 'http://127.0.0.1',
    'Plugin.Action_services_port': server.port,
    'Plugin.Enrichment_services_enable': true,
    'Plugin.Enrichment_services_url': 'http://127.0.0.1',
    'Plugin.Enrichment_services_port': server.port,
  }
}

/** Points `platform`'s misp-modules settings at `server` (`mispModulesSettings`). */
export async function applyMispModulesSettings(platform: LocalPlatform, server: MispModulesServer): Promise<void> {
  for (const [name, value] of Object.entries(mispModulesSettings(server))) await platform.settings.set(name, value)
}
