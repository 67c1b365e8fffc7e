/**
 * A hostile-input sweep over every route the app registers, on every test database. The routes
 * are read from Fastify as it registers them (and the workflow controllers' actions from their
 * dispatch tables), never listed by hand, so a new route is swept the day it lands. Each one
 * gets malformed and wrong-typed bodies, every field its schema names set to a value of the
 * wrong type, hostile path parameters, query strings and CakePHP named parameters. Every answer
 * must stay below 500, be JSON when it is an error, and show no stack frame or source path; a
 * refused create must leave nothing behind, and the server must still answer afterwards.
 */
import { join } from 'node:path'
import type { RouteOptions } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/api/index.ts'
import { BLUEPRINT_ACTIONS } from '../src/api/routes/workflow-blueprints.ts'
import { WORKFLOW_ACTIONS } from '../src/api/routes/workflows.ts'
import { testDatabases } from './harness/databases.ts'
import {
  applyMispModulesSettings,
  type MispModulesServer,
  startMispModulesServer,
} from './harness/misp-modules-server.ts'
import { addOrganisation } from './harness/organisations.ts'
import { sharedJson } from './harness/shared.ts'
import { openTestPlatform, type TestPlatform } from './harness/test-platform.ts'

const ADMIN_KEY = 'S'.repeat(40)
const REPO_ROOT = join(import.meta.dirname, '..')
/** A request that has not answered by then is reported as a hang (a guard, not a timing assertion). */
const HANG_GUARD_MS = 20_000

/** One method of one registered route. */
interface SweptRoute {
  method: string
  url: string
  schema: Record<string, any> | undefined
  model: string | undefined
  isHidden: boolean
}

/** The records the sweep's valid ids point at; made again before each part, since parts delete. */
interface Fixtures {
  event: string
  attribute: string
  attributeUuid: string
  feedUrl: string
  object: string
  reference: string
  proposal: string
  report: string
  sharingGroup: string
  user: string
  thread: string
  post: string
  feed: string
  workflow: string
  blueprint: string
  run: string
}

/** Which fixture a route's `:id` names, by the route's path prefix (the first match wins). */
const ID_OWNERS: ReadonlyArray<readonly [string, keyof Fixtures]> = [
  ['/posts/add/event/', 'event'],
  ['/posts/add/thread/', 'thread'],
  ['/posts/', 'post'],
  ['/threads/', 'thread'],
  ['/events/', 'event'],
  ['/attributes/', 'attribute'],
  ['/objectReferences/', 'reference'],
  ['/objects/', 'object'],
  ['/shadow_attributes/', 'proposal'],
  ['/event_reports/', 'report'],
  ['/sharing_groups/', 'sharingGroup'],
  ['/admin/users/', 'user'],
  ['/sightings/', 'attribute'],
  ['/feeds/', 'feed'],
  ['/sluice/runs/', 'run'],
  ['/sluice/workflows/', 'workflow'],
  ['/sluice/blueprints/', 'blueprint'],
]

/** A valid value for a path parameter other than `:id`, by its name. */
const NAMED_PARAMS: Record<string, (fixtures: Fixtures) => string> = {
  eventId: (fixtures) => fixtures.event,
  attributeId: (fixtures) => fixtures.attribute,
  objectId: (fixtures) => fixtures.object,
  orgId: () => '1',
  extend: () => '1',
  hard: () => '0',
  module: () => 'dns',
  type: () => 'ip-src',
  filter: () => 'tlp',
  tab: () => 'Plugin',
  name: () => 'Plugin.Workflow_enable',
  scope: () => 'all',
  trigger: () => 'event-publish',
  version: () => '1',
  from: () => '1',
  to: () => '1',
  '*': () => 'model:Event',
}

/** Bodies that get past the first checks, bare (without the model key), by route URL. */
const VALID_BODIES: Record<string, (fixtures: Fixtures) => Record<string, unknown>> = {
  '/events/add': () => ({
    info: 'Sweep',
    distribution: 0,
    Attribute: [{ type: 'ip-src', value: '198.51.100.7', Tag: [{ name: 'tlp:amber' }] }],
    Object: [fileObject()],
    Tag: [{ name: 'tlp:green' }],
  }),
  '/events/import': () => ({
    info: 'Imported',
    date: '2024-01-02',
    Orgc: { name: 'Elsewhere', uuid: '5a0b3b2e-0c3c-4f7e-9d3d-2f0f0b0a0a01' },
    Attribute: [{ type: 'domain', value: 'import.example', Tag: [{ name: 'tlp:amber' }] }],
    Object: [fileObject()],
    Tag: [{ name: 'tlp:green' }],
  }),
  '/events/edit/:id': () => ({ info: 'Swept', Attribute: [{ type: 'ip-src', value: '198.51.100.8' }] }),
  '/attributes/add/:eventId': () => ({ type: 'ip-dst', value: '198.51.100.9', category: 'Network activity' }),
  '/attributes/edit/:id': () => ({ value: '198.51.100.10', comment: 'c' }),
  '/objects/add/:eventId': () => fileObject(),
  '/objects/edit/:id': () => fileObject(),
  '/shadow_attributes/add/:eventId': () => ({ type: 'ip-dst', value: '198.51.100.11' }),
  '/shadow_attributes/edit/:attributeId': () => ({ comment: 'proposed' }),
  '/event_reports/add/:eventId': () => ({ name: 'R', content: '# R' }),
  '/event_reports/edit/:id': () => ({ name: 'R2' }),
  '/sightings/add': () => ({ value: '198.51.100.7' }),
  '/tags/add': () => ({ name: 'sweep:tag' }),
  '/posts/add': () => ({ title: 'T', message: 'M' }),
  '/sharing_groups/add': () => ({ name: 'Swept group' }),
  '/admin/users/add': () => ({ email: 'swept@host.test', role_id: 3 }),
  '/objectReferences/add/:objectId': (fixtures) => ({
    referenced_uuid: fixtures.attributeUuid,
    relationship_type: 'related-to',
  }),
  '/tags/attachTagToObject': (fixtures) => ({ uuid: fixtures.attributeUuid, tag: 'tlp:green' }),
  '/tags/removeTagFromObject': (fixtures) => ({ uuid: fixtures.attributeUuid, tag: 'tlp:green' }),
  '/feeds/add': (fixtures) => ({ name: 'Swept feed', provider: 'P', url: fixtures.feedUrl, source_format: 'freetext' }),
  '/sluice/workflows/run': (fixtures) => ({
    trigger_id: 'event-publish',
    graph: {},
    data: { Event: { id: fixtures.event, info: 'x' } },
    dry_run: true,
  }),
}

/** Create routes whose refusals are checked for half-saved rows (events, attributes, objects, tags, organisations). */
const CREATE_ROUTES = new Set(['/events/add', '/attributes/add/:eventId', '/objects/add/:eventId', '/events/import'])

/** Raw request bodies: what arrives when a client sends nonsense. */
const RAW_BODIES: ReadonlyArray<readonly [string, string]> = [
  ['malformed JSON', '{"Event": {"info": '],
  ['null', 'null'],
  ['a number', '42'],
  ['a string', '"text"'],
  ['a list', '[1, "two", null]'],
  ['an empty object', '{}'],
  ['true', 'true'],
  ['a number past 2^53', '9007199254740993'],
  ['a prototype key', '{"__proto__": {"role": "site_admin"}, "constructor": {"prototype": {"x": 1}}}'],
  ['an object 2,000 levels deep', `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`],
  ['a list 2,000 levels deep', `${'['.repeat(2000)}${']'.repeat(2000)}`],
]

/**
 * 100 KB of text that does not compress (a fixed pseudo-random sequence): PostgreSQL compresses
 * a repeated letter so well that it never meets the size limits of its index entries.
 */
const LONG_TEXT = (() => {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
  let seed = 12345
  let text = ''
  for (let index = 0; index < 100_000; index++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    text += letters[seed % letters.length]
  }
  return text
})()

/** Field values of the wrong type or out of range. */
const WRONG_VALUES: ReadonlyArray<readonly [string, unknown]> = [
  ['an object', { nested: { deeper: 1 } }],
  ['a list', ['a', 1, null]],
  ['true', true],
  ['null', null],
  ['a 100 KB string', LONG_TEXT],
  ['2^31', 2 ** 31],
  ['a number past 2^53', 2 ** 53 + 2],
  ['-1', -1],
  ['-1.5', -1.5],
  ['1e300', 1e300],
  ['"NaN"', 'NaN'],
  ['"-Infinity"', '-Infinity'],
  ['"1e3"', '1e3'],
  ['"-1"', '-1'],
  ['"2147483648"', '2147483648'],
  ['a string with NUL', 'a\u0000b'],
  ['an empty string', ''],
]

/** The fewer values sent to the fields of list items (`Event.Attribute[0].value`). */
const ITEM_VALUES = WRONG_VALUES.filter(([name]) =>
  ['an object', 'a list', 'null', 'a 100 KB string', '2^31', '-1', 'a string with NUL'].includes(name),
)

/** Path parameters: out of range, not numbers, traversal, bad escapes, wrong UUIDs. */
const PATH_VALUES: readonly string[] = [
  '-1',
  '0',
  '2147483648',
  '9007199254740993',
  '99999999999999999999999',
  '1e3',
  '1.5',
  '0x10',
  'abc',
  '..%2F..%2Fetc%2Fpasswd',
  '..',
  '%00',
  '%',
  '%E0%A4%A',
  '%20',
  `${'9'.repeat(300)}`,
  `${'a'.repeat(300)}`,
  '0123456z-89ab-4def-8123-456789abcdef',
  '00000000-0000-0000-0000-000000000000',
  "1'%20OR%20'1'='1",
  'NaN',
  '1%2F2',
  '%2e%2e',
  'index.json',
  'id:1',
]

/** Workflow graphs of the wrong shape, for the fields that hold one (`Workflow.data`, `graph`). */
const HOSTILE_GRAPHS: ReadonlyArray<readonly [string, unknown]> = [
  ['a node that is null', { 1: null }],
  ['a node that is text', { 1: 'node' }],
  ['a node without data', { 1: { id: 1, inputs: {}, outputs: {} } }],
  [
    'a node with wrong-typed parts',
    { 1: { id: 1, data: { id: 7, module_type: [], indexed_params: 'x', saved_filters: 3 }, inputs: 'x', outputs: [] } },
  ],
  [
    'a connection to a missing node',
    {
      1: {
        id: 1,
        data: { id: 'event-publish', module_type: 'trigger' },
        outputs: { output_1: { connections: [{ node: '99', output: 'input_1' }, null, 'x'] } },
      },
    },
  ],
  ['a list of lists', [[[]], [null]]],
]

/** What an action needs in its path to get past `Invalid …` (otherwise the record's id). */
const CAKE_ARGUMENTS: Record<string, (id: string) => string> = {
  moduleView: () => 'tag-if',
  moduleStatelessExecution: () => 'tag-if',
  toggleModule: () => 'tag-if/1/0',
  massToggleField: () => 'enabled/1/0',
  editor: () => 'event-publish',
  debugToggleField: (id) => `${id}/1`,
}

/** Body fields an action reads beyond its record's own (docs/workflow-api.md). */
const CAKE_FIELDS: Record<string, string[]> = {
  moduleStatelessExecution: ['input_data', 'module_indexed_param', 'convert_data'],
  checkGraph: ['graph'],
  massToggleField: ['module_ids'],
  executeWorkflow: ['data'],
  view: ['format'],
  import: ['json'],
  index: ['scope', 'enabled', 'trigger_id'],
}

/** What an action's body needs to get past its first check, the swept field written over it. */
const CAKE_BASES: Record<string, Record<string, unknown>> = {
  moduleStatelessExecution: { input_data: '{"Event": {"info": "x", "Attribute": []}}', convert_data: 1 },
  checkGraph: { graph: {} },
  executeWorkflow: { data: '{"Event": {"info": "x"}}' },
}

/** Query-string values (a 100 KB URL would only test Node's header limit). */
const QUERY_VALUES: readonly string[] = [
  '',
  'abc',
  '-1',
  '2147483648',
  '9007199254740993',
  '1e3',
  '-1e20',
  'NaN',
  'Infinity',
  '2024-13-45',
  '275760-09-14T00:00:00.001Z',
  'x'.repeat(4000),
]

/** A small MISP `file` object with two attributes. */
function fileObject() {
  return {
    name: 'file',
    'meta-category': 'file',
    Attribute: [
      { object_relation: 'filename', type: 'filename', value: 'evil.exe' },
      { object_relation: 'md5', type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
    ],
  }
}

/** What one request gave. */
interface Answer {
  status: number
  contentType: string
  text: string
}

/** Sends a request; an answer that never comes ends as status 0 so that it is reported, not waited for. */
async function send(
  baseUrl: string,
  method: string,
  path: string,
  body?: { raw: string; contentType?: string },
  extraHeaders: Record<string, string> = {},
): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: ADMIN_KEY, ...extraHeaders }
  if (body) headers['Content-Type'] = body.contentType ?? 'application/json'
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body?.raw,
      signal: AbortSignal.timeout(HANG_GUARD_MS),
    })
    const contentType = response.headers.get('content-type') ?? ''
    // A live event stream never ends: its headers are the answer.
    if (contentType.startsWith('text/event-stream')) {
      await response.body?.cancel()
      return { status: response.status, contentType, text: '' }
    }
    return { status: response.status, contentType, text: await response.text() }
  } catch (error) {
    // fetch names the real reason (a redirect loop, a reset connection) in its cause.
    const { message, cause } = error as Error & { cause?: Error }
    return { status: 0, contentType: '', text: `no answer: ${message}${cause ? ` (${cause.message})` : ''}` }
  }
}

/** What is wrong with an answer: a 5xx or no answer, an error that is not JSON, a leaked stack or path. */
function problemsOf(answer: Answer): string[] {
  const problems: string[] = []
  if (answer.status === 0 || answer.status >= 500) problems.push(`status ${answer.status}`)
  const isJson = answer.contentType.includes('json')
  if (answer.status >= 400 && !isJson) problems.push(`an error answered as ${answer.contentType || 'nothing'}`)
  if (isJson) {
    try {
      JSON.parse(answer.text)
    } catch {
      problems.push('a JSON content type with a body that is not JSON')
    }
  }
  if (/\n\s+at |\s{4}at \S/.test(answer.text)) problems.push('a stack frame')
  if (answer.text.includes(REPO_ROOT) || /node_modules|file:\/\/|\.ts:\d+:\d+/.test(answer.text))
    problems.push('a source path')
  return problems
}

/** The route URL with each parameter replaced: `/events/edit/:id` → `/events/edit/12`. */
function fillPath(url: string, values: Record<string, string>): string {
  return url.replace(/:([A-Za-z]+)|\*$/g, (whole, name: string | undefined) => values[name ?? '*'] ?? whole)
}

/** The parameter names of a route URL, `*` included. */
function paramsOf(url: string): string[] {
  const names = [...url.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1])
  return url.endsWith('*') ? [...names, '*'] : names
}

/** A valid value for each parameter of a route, or undefined for an `:id` whose owner is unknown. */
function validParams(url: string, fixtures: Fixtures): Record<string, string> | undefined {
  const values: Record<string, string> = {}
  for (const name of paramsOf(url)) {
    if (name === 'id') {
      const owner = ID_OWNERS.find(([prefix]) => url.startsWith(prefix))
      if (!owner) return undefined
      values.id = fixtures[owner[1]]
    } else values[name] = (NAMED_PARAMS[name] ?? (() => '1'))(fixtures)
  }
  return values
}

/** The object schemas a (TypeBox) schema allows: itself, or the object branches of a union. */
function objectBranches(schema: any): any[] {
  if (!schema || typeof schema !== 'object') return []
  if (schema.type === 'object' && schema.properties) return [schema]
  return [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].flatMap(objectBranches)
}

/** Every field path a body schema names, into models (`Event.info`) and list items (`Attribute.0.value`). */
function fieldPaths(schema: any, depth = 0): Array<{ path: (string | number)[]; isItem: boolean }> {
  const paths: Array<{ path: (string | number)[]; isItem: boolean }> = []
  for (const branch of objectBranches(schema)) {
    for (const [key, property] of Object.entries<any>(branch.properties)) {
      paths.push({ path: [key], isItem: false })
      if (depth >= 2) continue
      for (const inner of fieldPaths(property, depth + 1))
        paths.push({ path: [key, ...inner.path], isItem: inner.isItem })
      const items = property?.type === 'array' ? property.items : undefined
      for (const inner of fieldPaths(items, depth + 1)) paths.push({ path: [key, 0, ...inner.path], isItem: true })
    }
  }
  const seen = new Set<string>()
  return paths.filter(({ path }) => !seen.has(path.join('.')) && seen.add(path.join('.')))
}

/**
 * Every path in the route's valid body, under its model: the MISP shape reaches where the schema
 * stops (an event's `Object.0.Attribute.0.value`, whose schema is a bare object).
 */
function shapePaths(route: SweptRoute, fixtures: Fixtures): Array<{ path: (string | number)[]; isItem: boolean }> {
  const bare = VALID_BODIES[route.url]?.(fixtures)
  if (!bare) return []
  const paths: Array<{ path: (string | number)[]; isItem: boolean }> = []
  const walk = (value: unknown, path: (string | number)[]) => {
    if (path.length > 0) paths.push({ path, isItem: path.some((part) => typeof part === 'number') })
    if (typeof value !== 'object' || value === null) return
    for (const [key, inner] of Object.entries(value)) walk(inner, [...path, Array.isArray(value) ? Number(key) : key])
  }
  walk(bare, route.model === undefined ? [] : [route.model])
  return paths
}

/** `base` with `value` written at `path`, making the objects and lists on the way. */
function withValue(base: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value
  const [head, ...rest] = path
  const container: any =
    typeof head === 'number'
      ? Array.isArray(base)
        ? [...base]
        : []
      : typeof base === 'object' && base !== null && !Array.isArray(base)
        ? { ...base }
        : {}
  container[head] = withValue(container[head], rest, value)
  return container
}

/** The route's valid body for a field path: wrapped in the model when the path starts with it. */
function baseBody(route: SweptRoute, fixtures: Fixtures, path: (string | number)[]): Record<string, unknown> {
  const bare = VALID_BODIES[route.url]?.(fixtures) ?? {}
  return route.model !== undefined && path[0] === route.model ? { [route.model]: bare } : bare
}

/** The named bodies a route gets: raw nonsense, then each field at each wrong value. */
function* hostileBodies(
  route: SweptRoute,
  fixtures: Fixtures,
): Generator<readonly [string, { raw: string; contentType?: string }]> {
  for (const [name, raw] of RAW_BODIES) yield [name, { raw }]
  yield ['a form-encoded body', { raw: 'a=1&b[]=2', contentType: 'application/x-www-form-urlencoded' }]
  yield ['an XML body', { raw: '<Event><info>x</info></Event>', contentType: 'application/xml' }]
  const fields = [...fieldPaths(route.schema?.body), ...shapePaths(route, fixtures)]
  if (route.model !== undefined) fields.push({ path: [route.model], isItem: false })
  const seen = new Set<string>()
  const wrapped = new Set(fields.filter(({ path }) => path[0] === route.model).map(({ path }) => path.join('.')))
  for (const { path, isItem } of fields) {
    if (seen.has(path.join('.'))) continue
    seen.add(path.join('.'))
    // The bare form of a field the model also holds is read by the same code once unwrapped.
    const isBareTwin = path[0] !== route.model && wrapped.has([route.model, ...path].join('.'))
    for (const [valueName, value] of isItem || isBareTwin ? ITEM_VALUES : WRONG_VALUES) {
      yield [
        `${path.join('.')} = ${valueName}`,
        { raw: JSON.stringify(withValue(baseBody(route, fixtures, path), path, value)) },
      ]
    }
  }
}

/** Values of the right type but a hostile shape, for the fields that hold a graph or JSON text. */
function shapedValues(field: string): ReadonlyArray<readonly [string, unknown]> {
  if (field === 'input_data') return RAW_BODIES.map(([name, raw]) => [`${name} as JSON text`, raw] as const)
  if (!['data', 'graph', 'json'].includes(field)) return []
  return HOSTILE_GRAPHS.flatMap(([name, graph]) => [
    [name, graph] as const,
    [`${name} as JSON text`, JSON.stringify(graph)] as const,
  ])
}

/** The rows a refused create must not leave behind. */
async function rowCounts(env: TestPlatform): Promise<string> {
  // One round trip: the sweep counts after every refused create.
  const { rows } = await sql<Record<string, number>>`
    select (select count(*) from events) as events, (select count(*) from attributes) as attributes,
      (select count(*) from objects) as objects, (select count(*) from tags) as tags,
      (select count(*) from organisations) as organisations`.execute(env.store.db)
  return Object.entries(rows[0])
    .map(([table, count]) => `${table} ${count}`)
    .join(', ')
}

/** Whether a route changes or removes what the sweep's later requests rely on: those go last. */
function isDestructive(route: SweptRoute): boolean {
  return (
    route.method === 'DELETE' ||
    /delete|discard|accept|purge|removeOrg|restore|serverSettingsEdit|\/session|disable/.test(route.url)
  )
}

for (const db of testDatabases()) {
  describe(`${db.name}: hostile input to every API route`, () => {
    let env: TestPlatform
    let baseUrl: string
    let closeApp: () => Promise<void>
    let openApiPaths: Set<string>
    /** A misp-modules stand-in, so that enrichment routes get past "no service configured" to a real answer. */
    let modules: MispModulesServer
    const routes: SweptRoute[] = []
    /** Every problem found, as `METHOD path [case] → what`: one list, so a run shows them all. */
    let problems: string[] = []

    const check = async (
      method: string,
      path: string,
      label: string,
      body?: { raw: string; contentType?: string },
      headers?: Record<string, string>,
    ) => {
      const answer = await send(baseUrl, method, path, body, headers)
      for (const problem of problemsOf(answer))
        problems.push(`${method} ${path.slice(0, 120)} [${label}] → ${problem}: ${answer.text.slice(0, 300)}`)
      return answer
    }
    const json = async (method: string, path: string, body?: unknown) => {
      const answer = await send(baseUrl, method, path, body === undefined ? undefined : { raw: JSON.stringify(body) })
      if (answer.status !== 200) throw new Error(`fixture ${method} ${path}: ${answer.status} ${answer.text}`)
      return JSON.parse(answer.text)
    }

    /** One of everything, through the API, so that routes taking an existing id find one. */
    async function makeFixtures(): Promise<Fixtures> {
      await json('POST', '/servers/serverSettingsEdit/Plugin.Workflow_enable', { value: true })
      const event = (
        await json('POST', '/events/add', {
          Event: {
            info: 'Sweep fixture',
            distribution: 0,
            Attribute: [{ type: 'ip-src', value: '203.0.113.5' }],
            Tag: [{ name: 'tlp:green' }],
          },
        })
      ).Event
      const attribute = event.Attribute[0]
      const object = (await json('POST', `/objects/add/${event.id}`, { Object: fileObject() })).Object
      const reference = (
        await json('POST', `/objectReferences/add/${object.id}`, {
          ObjectReference: { referenced_uuid: attribute.uuid, relationship_type: 'related-to' },
        })
      ).ObjectReference
      await json('POST', '/tags/attachTagToObject', { uuid: attribute.uuid, tag: 'tlp:green' })
      const proposal = (await json('POST', `/shadow_attributes/edit/${attribute.id}`, { comment: 'proposed' }))
        .ShadowAttribute
      const report = (await json('POST', `/event_reports/add/${event.id}`, { name: 'R', content: '# R' })).EventReport
      const group = (await json('POST', '/sharing_groups/add', { SharingGroup: { name: `Group ${event.id}` } }))
        .SharingGroup
      const user = (await json('POST', '/admin/users/add', { email: `u${event.id}@host.test`, role_id: 3 })).User
      const post = (await json('POST', `/posts/add/event/${event.id}`, { Post: { message: 'First' } })).Post
      const feed = (
        await json('POST', '/feeds/add', {
          Feed: {
            name: `Feed ${event.id}`,
            provider: 'Sweep',
            url: `${modules.url}/feed.txt`,
            source_format: 'freetext',
          },
        })
      ).Feed
      const workflow = (await json('GET', '/workflows/editor/event-publish')).Workflow
      const blueprintFile = sharedJson(
        'fixtures/misp-workflow-blueprints/blueprint_attach-tlp_clear-on-tlp_white_1661328256.json',
      )
      const { uuid: _uuid, id: _id, ...blueprintFields } = blueprintFile.WorkflowBlueprint
      const blueprint = (await json('POST', '/workflowBlueprints/add', { WorkflowBlueprint: blueprintFields }))
        .WorkflowBlueprint
      const run = await json('POST', '/sluice/workflows/run', {
        trigger_id: 'event-publish',
        graph: workflow.data,
        data: { Event: { id: event.id, info: 'x' } },
        dry_run: false,
      })
      return {
        event: String(event.id),
        attribute: String(attribute.id),
        attributeUuid: attribute.uuid,
        feedUrl: `${modules.url}/feed.txt`,
        object: String(object.id),
        reference: String(reference.id),
        proposal: String(proposal.id),
        report: String(report.id),
        sharingGroup: String(group.id),
        user: String(user.id),
        thread: String(post.thread_id),
        post: String(post.id),
        feed: String(feed.id),
        workflow: String(workflow.id),
        blueprint: String(blueprint.id),
        run: String(run.run_id),
      }
    }

    /** The swept routes, the ones that change shared state last. */
    const ordered = () => [...routes].sort((a, b) => Number(isDestructive(a)) - Number(isDestructive(b)))
    const cakeRoute = (route: SweptRoute) =>
      /^\/(workflows|workflowBlueprints|workflow_blueprints)(\/\*)?$/.test(route.url)

    beforeAll(async () => {
      env = await openTestPlatform(db, { adminKey: ADMIN_KEY })
      modules = await startMispModulesServer()
      await applyMispModulesSettings(env.platform, modules)
      const app = buildApp({ platform: env.platform, version: '0.1.0' })
      app.addHook('onRoute', (route: RouteOptions) => {
        for (const method of [route.method].flat()) {
          // HEAD is Fastify's copy of GET.
          if (method === 'HEAD') continue
          routes.push({
            method,
            url: route.url,
            schema: route.schema as Record<string, any> | undefined,
            model: (route.config as { misp?: { model: string } } | undefined)?.misp?.model,
            isHidden: Boolean((route.schema as { hide?: boolean } | undefined)?.hide),
          })
        }
      })
      baseUrl = await app.listen({ host: '127.0.0.1', port: 0 })
      closeApp = () => app.close()
      openApiPaths = new Set(Object.keys((await json('GET', '/api/openapi.json')).paths))
    })
    afterAll(async () => {
      await closeApp?.()
      await env?.close()
      await modules?.close()
    })

    it('reads the routes from the app, every one shown in the OpenAPI document and with a valid id to use', async () => {
      const fixtures = await makeFixtures()
      expect(routes.length).toBeGreaterThan(100)
      const shown = routes.filter((route) => !route.isHidden)
      const missing = shown.filter(
        (route) => !openApiPaths.has(route.url.replace(/:([A-Za-z]+)/g, '{$1}').replace(/\*$/, '{*}')),
      )
      expect(missing.map((route) => `${route.method} ${route.url}`)).toEqual([])
      // A route whose `:id` has no fixture would be swept with ids that only ever answer 404.
      const unowned = routes.filter((route) => !cakeRoute(route) && validParams(route.url, fixtures) === undefined)
      expect(unowned.map((route) => route.url)).toEqual([])
      const urls = new Set(routes.map((route) => route.url))
      expect(Object.keys(VALID_BODIES).filter((url) => !urls.has(url))).toEqual([])
      expect([...CREATE_ROUTES].filter((url) => !urls.has(url))).toEqual([])
      const actions = new Set([...Object.keys(WORKFLOW_ACTIONS), ...Object.keys(BLUEPRINT_ACTIONS)])
      const named = [...Object.keys(CAKE_ARGUMENTS), ...Object.keys(CAKE_FIELDS), ...Object.keys(CAKE_BASES)]
      expect(named.filter((name) => !actions.has(name))).toEqual([])
    })

    it('answers nonsense and wrong-typed bodies on every route without a 500, a hang or a stack trace', async () => {
      problems = []
      const fixtures = await makeFixtures()
      const halfSaved: string[] = []
      for (const route of ordered()) {
        if (cakeRoute(route) || route.method === 'GET') continue
        const path = fillPath(route.url, validParams(route.url, fixtures)!)
        const isCreate = CREATE_ROUTES.has(route.url)
        // The counts after the last request: a refusal must leave them as they were.
        let counted = isCreate ? await rowCounts(env) : ''
        for (const [label, body] of hostileBodies(route, fixtures)) {
          const answer = await check(route.method, path, label, body)
          if (!isCreate) continue
          const after = await rowCounts(env)
          if (answer.status >= 400 && after !== counted)
            halfSaved.push(`${route.url} [${label}]: ${counted} → ${after} after ${answer.status}`)
          counted = after
        }
      }
      expect(problems).toEqual([])
      expect(halfSaved).toEqual([])
    }, 240_000)

    it('answers hostile path parameters on every route without a 500, a hang or a stack trace', async () => {
      problems = []
      const fixtures = await makeFixtures()
      for (const route of ordered()) {
        if (cakeRoute(route)) continue
        const valid = validParams(route.url, fixtures)!
        for (const name of paramsOf(route.url)) {
          for (const value of PATH_VALUES) {
            const body = route.method === 'GET' ? undefined : { raw: JSON.stringify(baseBody(route, fixtures, [])) }
            await check(route.method, fillPath(route.url, { ...valid, [name]: value }), `:${name} = ${value}`, body)
          }
        }
      }
      expect(problems).toEqual([])
    }, 240_000)

    it('answers hostile query strings, repeated keys included, without a 500, a hang or a stack trace', async () => {
      problems = []
      const fixtures = await makeFixtures()
      for (const route of ordered()) {
        if (cakeRoute(route) || route.method !== 'GET') continue
        const path = fillPath(route.url, validParams(route.url, fixtures)!)
        const names = new Set([
          ...fieldPaths(route.schema?.querystring).map(({ path }) => String(path[0])),
          'limit',
          'page',
          'after',
        ])
        for (const name of names) {
          for (const value of QUERY_VALUES)
            await check('GET', `${path}?${name}=${encodeURIComponent(value)}`, `?${name}`)
          await check('GET', `${path}?${name}=1&${name}=2`, `?${name} twice`)
          await check('GET', `${path}?${name}=%00`, `?${name} NUL`)
        }
      }
      expect(problems).toEqual([])
    }, 240_000)

    it('answers every workflow and blueprint controller action with hostile arguments, named parameters and bodies', async () => {
      problems = []
      const controllers = [
        { prefix: '/workflows', model: 'Workflow', actions: WORKFLOW_ACTIONS, owner: 'workflow', hasBodies: true },
        {
          prefix: '/workflowBlueprints',
          model: 'WorkflowBlueprint',
          actions: BLUEPRINT_ACTIONS,
          owner: 'blueprint',
          hasBodies: true,
        },
        // The snake_case alias runs the same actions: its URL parsing is what differs.
        {
          prefix: '/workflow_blueprints',
          model: 'WorkflowBlueprint',
          actions: BLUEPRINT_ACTIONS,
          owner: 'blueprint',
          hasBodies: false,
        },
      ] as const
      for (const { prefix, model, actions, owner, hasBodies } of controllers) {
        // Each controller's delete actions remove its record: the next one gets new ones.
        const fixtures = await makeFixtures()
        const id = fixtures[owner]
        // The record's own keys are the fields its add and edit bodies take.
        const view = await json('GET', `${prefix}/view/${id}`)
        const recordFields = Object.keys(view[model])
        const last = ['delete', 'update', 'toggleModule', 'massToggleField']
        const sorted = Object.entries(actions).sort(([a], [b]) => Number(last.includes(a)) - Number(last.includes(b)))
        for (const [action, { methods }] of sorted) {
          const route: SweptRoute = {
            method: 'POST',
            url: `${prefix}/${action}`,
            schema: undefined,
            model,
            isHidden: false,
          }
          const target = `${prefix}/${action}/${(CAKE_ARGUMENTS[action] ?? (() => id))(id)}`
          for (const method of new Set([...methods, 'DELETE'])) {
            for (const value of PATH_VALUES) {
              await check(method, `${prefix}/${action}/${value}`, 'pass 0')
              await check(method, `${prefix}/${action}/${id}/${value}/${value}`, 'pass 1 and 2')
              await check(
                method,
                `${prefix}/${action}/${id}/format:${value}/scope:${value}/enabled:${value}.json`,
                'named',
              )
            }
          }
          // The editor's requests are AJAX: that is what unlocks debugToggleField and edit's editor answer.
          const ajax = { 'X-Requested-With': 'XMLHttpRequest' }
          for (const method of hasBodies ? methods.filter((name) => name !== 'GET') : []) {
            for (const [label, body] of hostileBodies(route, fixtures)) await check(method, target, label, body, ajax)
            for (const field of [...recordFields, ...(CAKE_FIELDS[action] ?? [])]) {
              for (const [valueName, value] of [...WRONG_VALUES, ...shapedValues(field)]) {
                const body = { raw: JSON.stringify({ [model]: { ...CAKE_BASES[action], [field]: value } }) }
                await check(method, target, `${model}.${field} = ${valueName}`, body, ajax)
              }
            }
          }
        }
      }
      expect(problems).toEqual([])
    }, 240_000)

    it('answers a plain user’s hostile path parameters and bodies as it answers the site admin’s', async () => {
      problems = []
      const fixtures = await makeFixtures()
      // A user of another organisation: every access check runs, and most of them refuse.
      const outsiders = await addOrganisation(env.platform, env.admin, 'Outsiders')
      const asUser = { Authorization: outsiders.user.key }
      const seen = await send(baseUrl, 'GET', '/events/index', undefined, asUser)
      expect(seen.status).toBe(200)
      // The fixture event is its organisation's own (distribution 0): it does not show.
      expect(JSON.parse(seen.text).map((event: { id: string }) => event.id)).not.toContain(fixtures.event)
      for (const route of ordered()) {
        if (cakeRoute(route)) continue
        const valid = validParams(route.url, fixtures)!
        for (const name of paramsOf(route.url)) {
          for (const value of PATH_VALUES.slice(0, 12))
            await check(
              route.method,
              fillPath(route.url, { ...valid, [name]: value }),
              `user :${name} = ${value}`,
              undefined,
              asUser,
            )
        }
        if (route.method === 'GET') continue
        for (const [label, raw] of RAW_BODIES)
          await check(route.method, fillPath(route.url, valid), `user ${label}`, { raw }, asUser)
      }
      for (const prefix of ['/workflows', '/workflowBlueprints']) {
        for (const action of ['index', 'view', 'edit', 'delete'])
          await check('POST', `${prefix}/${action}/1`, 'user', { raw: '{}' }, asUser)
      }
      expect(problems).toEqual([])
    }, 120_000)

    it('answers hostile Authorization, Content-Type and Accept headers on every GET route', async () => {
      problems = []
      const fixtures = await makeFixtures()
      const headerSets: ReadonlyArray<readonly [string, Record<string, string>]> = [
        ['an empty key', { Authorization: '' }],
        ['a short key', { Authorization: 'x' }],
        ['a 4 KB key', { Authorization: LONG_TEXT.slice(0, 4096) }],
        ['a Bearer key of spaces', { Authorization: 'Bearer     ' }],
        ['a non-ASCII key', { Authorization: 'clé-ünïcödé' }],
        ['a Basic key', { Authorization: 'Basic Zm9vOmJhcg==' }],
        ['a session cookie of nonsense', { Authorization: '', Cookie: 'sluice_session=%00%zz; other=1' }],
        ['an odd Accept', { Authorization: ADMIN_KEY, Accept: 'text/html;q=0.1, */*;q=abc' }],
      ]
      for (const route of ordered()) {
        if (route.method !== 'GET') continue
        const path = cakeRoute(route)
          ? route.url.replace('*', 'index')
          : fillPath(route.url, validParams(route.url, fixtures)!)
        for (const [label, headers] of headerSets) await check('GET', path, label, undefined, headers)
      }
      for (const contentType of [
        'application/json; charset=utf-16',
        'application/json; charset=nope',
        'multipart/form-data; boundary=x',
        'text/plain',
      ])
        await check('POST', '/events/add', `Content-Type ${contentType}`, { raw: '{"info": "x"}', contentType })
      expect(problems).toEqual([])
    })

    it('takes an organisation id past 32 bits as naming no organisation (PostgreSQL answered 500)', async () => {
      const fixtures = await makeFixtures()
      for (const org of ['2147483648', '99999999999999999999999']) {
        const filtered = await send(baseUrl, 'GET', `/events/index?org=${org}`)
        expect([filtered.status, JSON.parse(filtered.text)]).toEqual([200, []])
        const posted = await send(baseUrl, 'POST', '/events/index', { raw: JSON.stringify({ org }) })
        expect([posted.status, JSON.parse(posted.text)]).toEqual([200, []])
        for (const change of ['addOrg', 'removeOrg']) {
          const answer = await send(baseUrl, 'POST', `/sharing_groups/${change}/${fixtures.sharingGroup}/${org}`)
          expect([answer.status, JSON.parse(answer.text).message]).toEqual([404, 'Invalid organisation.'])
        }
        const added = await send(baseUrl, 'POST', '/sharing_groups/add', {
          raw: JSON.stringify({ name: `Past 32 bits ${org}`, SharingGroupOrg: [{ org_id: Number(org) }] }),
        })
        expect(added.status).toBe(403)
        expect(JSON.parse(added.text).errors).toEqual({ SharingGroupOrg: { org_id: ['Invalid organisation.'] } })
      }
      // The organisation that exists is still found by its id.
      expect(JSON.parse((await send(baseUrl, 'GET', '/events/index?org=1')).text).length).toBeGreaterThan(0)
    })

    it('refuses a tag name longer than MISP’s column in a record, naming it (PostgreSQL answered 500)', async () => {
      const before = await rowCounts(env)
      const named = (name: string) => ({ raw: JSON.stringify({ Event: { info: 'Tagged', Tag: [{ name }] } }) })
      const refused = await send(baseUrl, 'POST', '/events/add', named(LONG_TEXT.slice(0, 256)))
      expect(refused.status).toBe(403)
      expect(JSON.parse(refused.text).errors).toEqual({ Tag: { name: ['Name must be at most 255 characters.'] } })
      expect(await rowCounts(env)).toBe(before)
      expect((await send(baseUrl, 'POST', '/events/add', named(LONG_TEXT.slice(0, 255)))).status).toBe(200)
    })

    it('imports an event whose creator organisation was renamed at its source, and reports a null attribute', async () => {
      const orgc = { name: 'Source org', uuid: 'c0ffee00-0000-4000-8000-000000000001' }
      const importing = (event: Record<string, unknown>) =>
        send(baseUrl, 'POST', '/events/import', { raw: JSON.stringify({ Event: { info: 'Pulled', ...event } }) })
      expect((await importing({ Orgc: orgc })).status).toBe(200)
      // MISP's captureOrg finds the organisation by uuid first: the renamed one is the same.
      const renamed = await importing({ Orgc: { ...orgc, name: 'Source org, renamed' } })
      expect(renamed.status).toBe(200)
      expect(JSON.parse(renamed.text).imported).toHaveLength(1)
      const organisations = await env.store.db
        .selectFrom('organisations')
        .select('id')
        .where('uuid', '=', orgc.uuid)
        .execute()
      expect(organisations).toHaveLength(1)
      // A "uuid" of 36 digits is text to compare, not an id past 32 bits.
      expect((await importing({ Orgc: { name: 'Digits org', uuid: '1'.repeat(36) } })).status).toBe(200)
      const before = await rowCounts(env)
      const broken = await importing({ Attribute: [null] })
      expect(broken.status).toBe(200)
      expect(JSON.parse(broken.text).failed).toEqual([
        expect.objectContaining({
          error: 'Attribute.Attribute: An attribute must be an object.',
          code: 'SLC_VALIDATION',
        }),
      ])
      expect(await rowCounts(env)).toBe(before)
    })

    it('redirects the documentation index with a query string once, not to itself forever', async () => {
      const response = await fetch(`${baseUrl}/api/docs/static/index.html?page=2`, { redirect: 'manual' })
      expect(response.status).toBe(302)
      expect(response.headers.get('location')).toBe('/api/docs/')
    })

    it('answers the same name or uuid created by requests sent at once without a 500 (PostgreSQL answered 500)', async () => {
      problems = []
      const fixtures = await makeFixtures()
      const uuid = 'c0ffee00-0000-4000-8000-0000000000bb'
      const creates: ReadonlyArray<readonly [string, unknown]> = [
        ['/events/add', { info: 'Twin', uuid }],
        ['/events/add', { info: 'Twin tag', Tag: [{ name: 'sweep:twin' }] }],
        ['/tags/attachTagToObject', { uuid: fixtures.attributeUuid, tag: 'sweep:twin-attached' }],
        ['/sharing_groups/add', { name: 'Twin group' }],
        ['/admin/users/add', { email: 'twin@host.test', role_id: 3 }],
        ['/events/import', { Event: { info: 'Twin import', Orgc: { name: 'Twin org', uuid } } }],
        ['/workflowBlueprints/add', { WorkflowBlueprint: { name: 'Twin', uuid, data: [] } }],
      ]
      for (const [path, body] of creates) {
        // The services check before they insert: requests in flight together all pass that check.
        const raw = JSON.stringify(body)
        await Promise.all(Array.from({ length: 6 }, () => check('POST', path, 'sent six times at once', { raw })))
      }
      expect(problems).toEqual([])
      const twins = await env.store.db.selectFrom('events').select('id').where('uuid', '=', uuid).execute()
      expect(twins).toHaveLength(1)
    })

    it('answers every server setting set to each wrong value without a 500, and still runs afterwards', async () => {
      problems = []
      const { finalSettings } = await json('GET', '/servers/serverSettings')
      const names: string[] = finalSettings.map((setting: { setting: string }) => setting.setting)
      expect(names.length).toBeGreaterThan(10)
      for (const name of names) {
        for (const [valueName, value] of WRONG_VALUES)
          await check('POST', `/servers/serverSettingsEdit/${name}`, `value = ${valueName}`, {
            raw: JSON.stringify({ value }),
          })
        await check('GET', `/servers/getSetting/${name}`, 'after the edits')
      }
      // Whatever the settings now hold, the routes that read them answer without a 500.
      await check('GET', '/servers/serverSettings', 'after the edits')
      await check('POST', '/events/add', 'after the edits', { raw: JSON.stringify({ info: 'After settings' }) })
      await check('GET', '/sluice/runs/settings', 'after the edits')
      expect(problems).toEqual([])
    })

    it('still answers a normal request after the sweep', async () => {
      const index = await send(baseUrl, 'GET', '/events/index')
      expect(index.status).toBe(200)
      expect(Array.isArray(JSON.parse(index.text))).toBe(true)
      expect((await send(baseUrl, 'GET', '/servers/getVersion')).status).toBe(200)
    })
  })
}
