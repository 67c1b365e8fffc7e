/**
 * The `sluice` command line, run as a child process on the project's Node 24: `run`,
 * `validate`, `modules` and `npm run conformance`, with their outputs and exit codes
 * (0 success, 1 blocked or failed run, 2 bad input), on MISP's blueprints and events in
 * `../shared/` (read in place) and on small graphs written to a temporary directory.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliResult, runCli, runConformance } from './harness/cli.ts'
import { buildGraph } from './harness/graph-builder.ts'
import { reginEvent } from './harness/shared.ts'

const SHARED = fileURLToPath(new URL('../../shared/', import.meta.url))
const BLUEPRINTS = join(SHARED, 'fixtures/misp-workflow-blueprints')
const PAP_RED_BLUEPRINT = join(BLUEPRINTS, 'blueprint_pap_red-and-tlp_red-blocking_1661328258.json')
const CURATION_BLUEPRINT = join(BLUEPRINTS, 'blueprint_curation---allow-curation-process.json')
const REGIN = join(SHARED, 'fixtures/events/osint-regin-event.json')
const FIXTURES = fileURLToPath(new URL('fixtures/cli/', import.meta.url))

/** A stack trace line, which a user must never see for bad input. */
const STACK_TRACE = /\n\s+at /

/** The keys of `sluice run --json`, in the order the CLI prints them. */
const RUN_REPORT_KEYS = [
  'outcome',
  'success',
  'outcomeText',
  'executedNodes',
  'blockingNodes',
  'blockedPaths',
  'errors',
  'deferred',
  'data',
  'trace',
]

const TLP_RED_TAG_IF = { scope: 'event', condition: 'in_or', tags: ['tlp:red'], clusters: [] }

let tmp: string

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'sluice-cli-'))
})

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true })
})

/** Writes `value` as JSON into the temporary directory; returns its path. */
async function writeJson(name: string, value: unknown): Promise<string> {
  const path = join(tmp, name)
  await writeFile(path, JSON.stringify(value, null, 2))
  return path
}

/** Writes a file into a fresh sub-directory of the temporary directory; returns the directory. */
async function writeModuleDir(dir: string, file: string, source: string): Promise<string> {
  const path = join(tmp, dir)
  await mkdir(path, { recursive: true })
  await writeFile(join(path, file), source)
  return path
}

/** The OSINT Regin event with one tag on its fifth attribute, written to the temporary directory. */
function reginWithAttributeTag(name: string, tag: string): Promise<string> {
  const event = reginEvent()
  event.Event.Attribute[5].Tag = [{ id: '900', name: tag, colour: '#CC0033', exportable: true }]
  return writeJson(name, event)
}

/** The OSINT Regin event with an event-level tag. */
function reginWithEventTag(name: string, tag: string): Promise<string> {
  const event = reginEvent()
  event.Event.Tag = [{ id: '900', name: tag, colour: '#CC0033', exportable: true }]
  return writeJson(name, event)
}

/** Parses `--json` output, which must be exactly one JSON value. */
function parseStdout(result: CliResult): any {
  return JSON.parse(result.stdout)
}

/** Bad input: exit 2, a message on stderr holding every fragment, no stack trace, nothing on stdout. */
function expectBadInput(result: CliResult, ...fragments: string[]): void {
  expect(result.code).toBe(2)
  for (const fragment of fragments) expect(result.stderr).toContain(fragment)
  expect(result.stderr).not.toMatch(STACK_TRACE)
  expect(result.stdout).toBe('')
}

describe('sluice run', () => {
  describe('on the PAP:RED and tlp:red blueprint', () => {
    const STOP_LINE =
      'Node `stop-execution` (54) from Workflow `PAP:RED and tlp:red Blocking` (1) returned the following error: Execution stopped'

    it('lets the untagged OSINT Regin event through with exit code 0', async () => {
      const result = await runCli(['run', PAP_RED_BLUEPRINT, '--trigger', 'event-publish', '--data', REGIN])
      expect(result.stderr).toBe('')
      expect(result.stdout).toMatch(/^Outcome: success\n/)
      expect(result.code).toBe(0)
    })

    it('blocks an event with tlp:red on one attribute with exit code 1 and MISP’s error line', async () => {
      const data = await reginWithAttributeTag('regin-tlp-red.json', 'tlp:red')
      const result = await runCli(['run', PAP_RED_BLUEPRINT, '--trigger', 'event-publish', '--data', data])
      expect(result.stdout).toMatch(/^Outcome: blocked\n/)
      expect(result.stdout).toContain(`Errors:\n  ${STOP_LINE}\n`)
      expect(result.code).toBe(1)
    })

    it('prints one JSON report with --json, node ids as strings in execution order', async () => {
      const data = await reginWithAttributeTag('regin-tlp-red-json.json', 'tlp:red')
      const result = await runCli(['run', PAP_RED_BLUEPRINT, '--trigger', 'event-publish', '--data', data, '--json'])
      expect(result.code).toBe(1)
      const report = parseStdout(result)
      expect(Object.keys(report)).toEqual(RUN_REPORT_KEYS)
      expect(report).toMatchObject({
        outcome: 'blocked',
        success: false,
        executedNodes: ['54'],
        blockingNodes: ['54'],
        blockedPaths: [],
        errors: [STOP_LINE],
        deferred: [],
      })
      expect(report.trace.map((entry: any) => [entry.nodeId, entry.moduleId])).toEqual([
        ['53', 'tag-if'],
        ['54', 'stop-execution'],
      ])
      expect(report.data.Event.info).toBe('OSINT - F-Secure W32/Regin, Stage #1')
    })
  })

  describe('on the three shapes of a workflow file', () => {
    it.each([
      ['a workflow record', 'tlp-red-record.json', 'Block TLP:RED', '7'],
      ['a {Workflow: …}-wrapped record', 'tlp-red-wrapped.json', 'Block TLP:RED (from the API)', '8'],
      ['a bare graph', 'tlp-red-graph.json', 'Workflow for trigger event-publish', '1'],
    ])('runs %s on its own trigger', async (_shape, file, name, id) => {
      const data = await reginWithEventTag(`regin-event-tlp-red-${id}.json`, 'tlp:red')
      const result = await runCli(['run', join(FIXTURES, file), '--data', data, '--json'])
      expect(result.stderr).toBe('')
      expect(result.code).toBe(1)
      expect(parseStdout(result).errors).toEqual([
        `Node \`stop-execution\` (3) from Workflow \`${name}\` (${id}) returned the following error: Blocked: TLP:RED`,
      ])
    })

    it('lets an event without tlp:red through a bare graph', async () => {
      const result = await runCli(['run', join(FIXTURES, 'tlp-red-graph.json'), '--data', REGIN, '--json'])
      expect(result.code).toBe(0)
      expect(parseStdout(result)).toMatchObject({ outcome: 'success', errors: [] })
    })
  })

  describe('with a concurrent task', () => {
    it('runs the walks the concurrent task hands off after the main walk, and reports them', async () => {
      const graph = await writeJson(
        'concurrent.json',
        buildGraph([
          { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
          { id: 2, module: 'concurrent-task', type: 'logic', multiple: true, outputs: { output_1: [3, 4] } },
          { id: 3, module: 'published-if', type: 'logic', params: { condition: 'equals' }, outputs: { output_1: [5] } },
          { id: 4, module: 'stop-execution', type: 'action', params: { message: 'second hand-off' } },
          { id: 5, module: 'stop-execution', type: 'action', params: { message: 'published' } },
        ]),
      )
      const result = await runCli(['run', graph, '--data', REGIN, '--json'])
      expect(result.code).toBe(0)
      const report = parseStdout(result)
      expect(report).toMatchObject({ outcome: 'success', executedNodes: [], errors: [] })
      expect(report.deferred).toHaveLength(2)
      const [first, second] = report.deferred
      expect(first).toMatchObject({
        nodeId: '3',
        enqueuedBy: '2',
        success: false,
        executedNodes: ['5'],
        errors: [
          'Node `stop-execution` (5) from Workflow `Workflow for trigger event-publish` (1) returned the following error: published',
        ],
      })
      expect(first.trace.map((entry: any) => entry.nodeId)).toEqual(['3', '5'])
      expect(second).toMatchObject({
        nodeId: '4',
        enqueuedBy: '2',
        success: false,
        executedNodes: ['4'],
        errors: [
          'Node `stop-execution` (4) from Workflow `Workflow for trigger event-publish` (1) returned the following error: second hand-off',
        ],
      })
      for (const walk of report.deferred) {
        expect(walk.data.Event.info).toBe('OSINT - F-Secure W32/Regin, Stage #1')
        expect(walk.data).not.toHaveProperty('__node_id_to_exec')
      }
    })
  })

  describe('on bad input', () => {
    it('refuses a workflow file that does not exist', async () => {
      const missing = join(tmp, 'no-such-workflow.json')
      expectBadInput(await runCli(['run', missing, '--data', REGIN]), missing, 'no such file')
    })

    it('refuses a --data file that does not exist', async () => {
      const missing = join(tmp, 'no-such-event.json')
      expectBadInput(await runCli(['run', PAP_RED_BLUEPRINT, '--data', missing]), missing, 'no such file')
    })

    it('refuses a run without --data', async () => {
      expectBadInput(await runCli(['run', PAP_RED_BLUEPRINT]), '--data')
    })

    it('refuses a workflow file that is not JSON', async () => {
      const path = join(tmp, 'not-json.json')
      await writeFile(path, '{"1": {"id": 1,')
      expectBadInput(await runCli(['run', path, '--data', REGIN]), path, 'is not valid JSON')
    })

    it('refuses a graph with a cycle with MISP’s message and the nodes of the cycle', async () => {
      const path = await writeJson(
        'cycle.json',
        buildGraph([
          { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
          { id: 2, module: 'tag-if', type: 'logic', params: TLP_RED_TAG_IF, outputs: { output_1: [3] } },
          { id: 3, module: 'published-if', type: 'logic', outputs: { output_1: [2] } },
        ]),
      )
      const result = await runCli(['run', path, '--data', REGIN])
      expectBadInput(result, path, 'Cannot save a workflow containing a cycle')
      expect(result.stderr).toMatch(/2 → 3|3 → 2/)
    })

    it('refuses a graph with two triggers with MISP’s message', async () => {
      const path = await writeJson(
        'two-triggers.json',
        buildGraph([
          { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [3] } },
          { id: 2, module: 'event-after-save', type: 'trigger', outputs: { output_1: [3] } },
          { id: 3, module: 'stop-execution', type: 'action' },
        ]),
      )
      expectBadInput(
        await runCli(['run', path, '--data', REGIN]),
        path,
        'Cannot save a workflow containing no or more than one trigger',
      )
    })

    it('refuses a graph without a trigger node when no --trigger is given', async () => {
      const path = await writeJson(
        'no-trigger.json',
        buildGraph([
          { id: 2, module: 'tag-if', type: 'logic', params: TLP_RED_TAG_IF, outputs: { output_1: [3] } },
          { id: 3, module: 'stop-execution', type: 'action' },
        ]),
      )
      expectBadInput(await runCli(['run', path, '--data', REGIN]), path, 'no trigger node', '--trigger')
    })

    it('refuses a connection to a node that does not exist, naming both nodes', async () => {
      const path = await writeJson(
        'dangling.json',
        buildGraph([
          { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
          { id: 2, module: 'tag-if', type: 'logic', params: TLP_RED_TAG_IF, outputs: { output_1: [9] } },
        ]),
      )
      expectBadInput(await runCli(['run', path, '--data', REGIN]), path, 'Node 2', 'node 9', 'does not exist')
    })

    it('refuses an unknown trigger given with --trigger', async () => {
      expectBadInput(
        await runCli(['run', PAP_RED_BLUEPRINT, '--trigger', 'event-nope', '--data', REGIN]),
        '--trigger event-nope',
        'unknown trigger',
      )
    })

    it('refuses an unknown --trigger on a graph that has a trigger node', async () => {
      expectBadInput(
        await runCli(['run', join(FIXTURES, 'tlp-red-graph.json'), '--trigger', 'event-nope', '--data', REGIN]),
        '--trigger event-nope',
        'unknown trigger',
      )
    })

    it('refuses a blueprint that does not name its trigger when no --trigger is given', async () => {
      expectBadInput(
        await runCli(['run', CURATION_BLUEPRINT, '--data', REGIN]),
        CURATION_BLUEPRINT,
        'does not name its trigger',
        '--trigger',
      )
    })

    it('refuses a workflow file that holds a list', async () => {
      const path = await writeJson('a-list.json', [1, 2])
      expectBadInput(await runCli(['run', path, '--data', REGIN]), path, 'not a list')
    })
  })

  describe('on a node whose module fails', () => {
    it('runs a node with an unknown module as a failing node, with MISP’s loading error', async () => {
      const path = await writeJson(
        'unknown-module.json',
        buildGraph([
          { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
          { id: 2, module: 'run-workflow', type: 'action' },
        ]),
      )
      const result = await runCli(['run', path, '--data', REGIN, '--json'])
      expect(result.stderr).toBe('')
      const report = parseStdout(result)
      // A non-blocking action failing on a blocking path is recorded and the walk goes on:
      // the run succeeds with errors, as in MISP (spec/ENGINE.md §2.6).
      expect(report).toMatchObject({
        outcome: 'success',
        executedNodes: ['2'],
        blockingNodes: ['2'],
        errors: [
          'Node `run-workflow` (2) from Workflow `Workflow for trigger event-publish` (1) returned the following error: Could not load class for module: run-workflow',
        ],
      })
      expect(report.trace[0]).toMatchObject({ nodeId: '2', status: 'loading_error' })
      expect(result.code).toBe(0)
    })

    it('ends quickly on a hostile hash-path regex, taking the else branch with an error naming the regex', async () => {
      const event = reginEvent()
      event.Event.Attribute[3].value = `${'a'.repeat(40)}b`
      const data = await writeJson('regin-aaaab.json', event)
      const path = await writeJson(
        'hostile-regex.json',
        buildGraph([
          { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
          {
            id: 2,
            module: 'generic-if',
            type: 'logic',
            params: { operator: 'any_value', hash_path: 'Event.Attribute.{n}[value=/^(a+)+$/].value' },
            outputs: { output_1: [3], output_2: [4] },
          },
          { id: 3, module: 'stop-execution', type: 'action', params: { message: 'then' } },
          { id: 4, module: 'stop-execution', type: 'action', params: { message: 'else' } },
        ]),
      )
      const result = await runCli(['run', path, '--data', data, '--json'], { timeoutMs: 15_000 })
      expect(result.timedOut).toBe(false)
      expect(result.durationMs).toBeLessThan(10_000)
      const report = parseStdout(result)
      expect(report.trace[0]).toMatchObject({ nodeId: '2', moduleId: 'generic-if', branch: ['output_2'], threw: true })
      expect(report.trace[0].errors).toEqual([
        expect.stringMatching(
          /^Error while executing module generic-if\. Error: Hash path regex \/\^\(a\+\)\+\$\/ is unsafe/,
        ),
      ])
      expect(report.errors).toEqual([
        'Node `stop-execution` (4) from Workflow `Workflow for trigger event-publish` (1) returned the following error: else',
      ])
      expect(result.code).toBe(1)
    })
  })

  describe('with --modules', () => {
    it('runs a custom TypeScript action and a custom JavaScript logic module', async () => {
      const path = await writeJson(
        'custom-modules.json',
        buildGraph([
          { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
          { id: 2, module: 'mark', type: 'action', outputs: { output_1: [3] } },
          { id: 3, module: 'is-marked', type: 'logic', outputs: { output_1: [], output_2: [4] } },
          { id: 4, module: 'stop-execution', type: 'action', params: { message: 'not marked' } },
        ]),
      )
      const result = await runCli(['run', path, '--data', REGIN, '--modules', join(FIXTURES, 'modules'), '--json'])
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      const report = parseStdout(result)
      expect(report).toMatchObject({ outcome: 'success', executedNodes: ['2'], errors: [] })
      expect(report.data.marked).toBe(true)
      expect(report.trace.map((entry: any) => [entry.nodeId, entry.moduleId, entry.branch])).toEqual([
        ['2', 'mark', undefined],
        ['3', 'is-marked', ['output_1']],
      ])
    })

    it('lets a custom module replace the built-in module with the same id', async () => {
      const data = await reginWithEventTag('regin-event-tlp-red-override.json', 'tlp:red')
      const graph = join(FIXTURES, 'tlp-red-graph.json')
      const modules = join(FIXTURES, 'modules-override')
      const result = await runCli(['run', graph, '--data', data, '--modules', modules, '--json'])
      expect(result.code).toBe(0)
      const report = parseStdout(result)
      expect(report).toMatchObject({ outcome: 'success', executedNodes: ['3'], errors: [] })
      expect(report.data.notStopped).toBe(true)
    })

    it.each([
      ['without exec', "export default { id: 'broken', name: 'Broken', moduleType: 'action' }\n", '`exec`'],
      [
        'with a wrong moduleType',
        "export default { id: 'broken', name: 'Broken', moduleType: 'trigger', exec: () => true }\n",
        '`moduleType`',
      ],
      ['without a default export', "export const broken = { id: 'broken' }\n", 'no default export'],
    ])('refuses a module file %s, naming the file and what is wrong', async (_case, source, field) => {
      const dir = await writeModuleDir(`bad-modules-${field.replace(/\W/g, '')}`, 'broken.js', source)
      const result = await runCli(['run', PAP_RED_BLUEPRINT, '--data', REGIN, '--modules', dir])
      expectBadInput(result, join(dir, 'broken.js'), field)
    })
  })
})

describe('sluice validate', () => {
  it('finds every MISP blueprint valid', async () => {
    const files = (await readdir(BLUEPRINTS))
      .filter((name) => name.endsWith('.json'))
      .map((name) => join(BLUEPRINTS, name))
    expect(files.length).toBeGreaterThan(10)
    const result = await runCli(['validate', ...files])
    expect(result.stdout.trimEnd().split('\n')).toEqual(files.map((file) => `valid   ${file} (blueprint)`))
    expect(result.code).toBe(0)
  })

  it('finds a graph with a cycle invalid, with MISP’s message, and exits 2', async () => {
    const path = await writeJson(
      'validate-cycle.json',
      buildGraph([
        { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
        { id: 2, module: 'tag-if', type: 'logic', params: TLP_RED_TAG_IF, outputs: { output_1: [3] } },
        { id: 3, module: 'published-if', type: 'logic', outputs: { output_1: [2] } },
      ]),
    )
    const result = await runCli(['validate', path])
    expect(result.stdout).toContain(`INVALID ${path} (graph)\n  error: Cannot save a workflow containing a cycle`)
    expect(result.stderr).not.toMatch(STACK_TRACE)
    expect(result.code).toBe(2)
  })

  it('prints one verdict per file as JSON with --json', async () => {
    const cyclic = await writeJson(
      'validate-cycle-json.json',
      buildGraph([
        { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
        { id: 2, module: 'published-if', type: 'logic', outputs: { output_1: [2] } },
      ]),
    )
    const result = await runCli(['validate', PAP_RED_BLUEPRINT, cyclic, '--json'])
    expect(result.code).toBe(2)
    expect(parseStdout(result)).toEqual([
      { file: PAP_RED_BLUEPRINT, kind: 'blueprint', valid: true, problems: [] },
      {
        file: cyclic,
        kind: 'graph',
        valid: false,
        problems: [expect.objectContaining({ severity: 'error', code: 'SLC_GRAPH_CYCLE' })],
      },
    ])
  })
})

describe('sluice modules', () => {
  /** The data rows of the table, as [type, id]. */
  function tableRows(stdout: string): string[][] {
    return stdout
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.split(/\s+/).slice(0, 2))
  }

  function countByType(types: string[]): Record<string, number> {
    const counts: Record<string, number> = {}
    for (const type of types) counts[type] = (counts[type] ?? 0) + 1
    return counts
  }

  it('lists 17 triggers, 10 logic and 26 action modules', async () => {
    const result = await runCli(['modules'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^type\s+id\s+name\s+version\s+blocking\s+in\/out\n/)
    expect(countByType(tableRows(result.stdout).map(([type]) => type))).toEqual({ trigger: 17, logic: 10, action: 26 })
  })

  it('prints MISP’s module descriptors with --json', async () => {
    const result = await runCli(['modules', '--json'])
    expect(result.code).toBe(0)
    const descriptors = parseStdout(result)
    expect(countByType(descriptors.map((d: any) => d.module_type))).toEqual({ trigger: 17, logic: 10, action: 26 })
    expect(descriptors.find((d: any) => d.id === 'stop-execution')).toMatchObject({ blocking: true, is_custom: false })
  })

  it('lists only the logic modules with --type logic', async () => {
    const result = await runCli(['modules', '--type', 'logic'])
    expect(result.code).toBe(0)
    const rows = tableRows(result.stdout)
    expect(rows).toHaveLength(10)
    expect(rows.every(([type]) => type === 'logic')).toBe(true)
    expect(rows.map(([, id]) => id)).toContain('generic-if')
  })

  it('lists custom modules from --modules, flagged custom', async () => {
    const result = await runCli(['modules', '--modules', join(FIXTURES, 'modules'), '--json'])
    expect(result.code).toBe(0)
    const custom = parseStdout(result).filter((d: any) => d.is_custom)
    expect(custom.map((d: any) => [d.module_type, d.id])).toEqual([
      ['logic', 'is-marked'],
      ['action', 'mark'],
    ])
  })

  it('refuses an unknown --type', async () => {
    expectBadInput(await runCli(['modules', '--type', 'nope']), '--type', 'nope', 'trigger, logic, action')
  })
})

describe('npm run conformance', () => {
  it('passes every case of the three conformance files', async () => {
    const files = ['hashpath-vectors.json', 'hashpath-combine-vectors.json', 'misp-oracle-scenarios.json'].map((name) =>
      join(SHARED, 'conformance', name),
    )
    const result = await runConformance(files)
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines.at(-1)).toMatch(/^\d+ passed, 0 failed$/)
    expect(result.stdout).not.toContain('FAIL')
    expect(result.code).toBe(0)
  })

  it('refuses a file that is not a conformance file', async () => {
    const result = await runConformance([REGIN])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${REGIN}: not a conformance file`)
    expect(result.stderr).not.toMatch(STACK_TRACE)
  })
})
