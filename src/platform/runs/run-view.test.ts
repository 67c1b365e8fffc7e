/**
 * Node data recorded by reference (node-data-refs.ts, docs/runs.md), on every test database:
 * a run whose nodes saw the normalised input unchanged stores a reference, not a copy, and its
 * view shows what the copy showed (cut and marked at the recorded cap); a normalisation that
 * read the database keeps its copy; a deferred walk refers to its input; rows written before
 * references existed read as before.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TraceEntry, WorkflowRecord } from '../../engine/index.ts'
import { createBuiltinRegistry } from '../../modules/index.ts'
import { findRun, insertRun } from '../../store/index.ts'
import { testDatabases } from '../../../test/harness/databases.ts'
import { buildGraph } from '../../../test/harness/graph-builder.ts'
import { openTestPlatform, type TestPlatform } from '../../../test/harness/test-platform.ts'
import { boundedCopy } from './bounded-copy.ts'
import { storedTrace } from './run-recorder.ts'
import { isPlainJson, patchedView, viewPatch } from './node-data-refs.ts'

/** trigger ─▶ published-if ─then─▶ stop-execution "Published" / ─else─▶ stop-execution "Not yet". */
const gate = (triggerId: string) =>
  buildGraph([
    { id: 1, module: triggerId, type: 'trigger', outputs: { output_1: [2] } },
    {
      id: 2,
      module: 'published-if',
      type: 'logic',
      params: { condition: 'equals' },
      outputs: { output_1: [3], output_2: [4] },
    },
    { id: 3, module: 'stop-execution', type: 'action', params: { message: 'Published' } },
    { id: 4, module: 'stop-execution', type: 'action', params: { message: 'Not yet' } },
  ])

/**
 *   trigger ─▶ published-if ─else─▶ concurrent-task ─▶ published-if ─else─▶ stop-execution "Branch stop"
 *
 * The concurrent-task node sees the data marked with its target (`__node_id_to_exec`), a view
 * of its own; the others see the walk's start data.
 */
const branching = (triggerId: string) =>
  buildGraph([
    { id: 1, module: triggerId, type: 'trigger', outputs: { output_1: [2] } },
    {
      id: 2,
      module: 'published-if',
      type: 'logic',
      params: { condition: 'equals' },
      outputs: { output_1: [], output_2: [3] },
    },
    { id: 3, module: 'concurrent-task', type: 'logic', multiple: true, outputs: { output_1: [4] } },
    {
      id: 4,
      module: 'published-if',
      type: 'logic',
      params: { condition: 'equals' },
      outputs: { output_1: [], output_2: [5] },
    },
    { id: 5, module: 'stop-execution', type: 'action', params: { message: 'Branch stop' } },
  ])

/** A full event as the publish site passes it (raw, before normalisation). */
const rawEvent = (info: string) => ({
  Event: {
    id: '7',
    uuid: '5f1a6c2e-0000-4000-8000-000000000007',
    info,
    published: false,
    distribution: '1',
    Attribute: Array.from({ length: 12 }, (_, index) => ({
      id: String(100 + index),
      type: 'ip-dst',
      category: 'Network activity',
      value: `10.0.0.${index}`,
      to_ids: true,
      Tag: [{ id: '1', name: 'tlp:green' }],
    })),
    Tag: [{ id: '2', name: 'Type:OSINT' }],
  },
})

const registry = createBuiltinRegistry()

for (const db of testDatabases()) {
  describe(`${db.name}: node data by reference`, () => {
    let env: TestPlatform

    beforeEach(async () => {
      env = await openTestPlatform(db, { registry })
      for (const trigger of ['event-publish', 'event-after-save', 'attribute-after-save']) {
        await env.platform.settings.set(`Plugin.Workflow_triggers_${trigger}`, true)
      }
      await env.platform.settings.set('Plugin.Workflow_enable', true)
    })
    afterEach(() => env.close())

    const install = async (triggerId: string, data: Record<string, unknown>): Promise<WorkflowRecord> => {
      const saved = await env.platform.workflows.install({
        id: 0,
        name: `On ${triggerId}`,
        trigger_id: triggerId,
        data,
      })
      return {
        id: String(saved.id),
        name: `On ${triggerId}`,
        trigger_id: triggerId,
        data: data as WorkflowRecord['data'],
      }
    }

    /** The view's entries, and what the recorder stored before references: each entry's copy. */
    const viewAndCopies = async (runId: string, trace: TraceEntry[], cap: number) => {
      const view = await env.platform.runs.view(env.admin, runId)
      const old = storedTrace(trace, cap)
      const nodeData = JSON.parse(old.nodeData) as unknown[]
      const copies = old.entries.map((entry: any) => ({
        dataIn: nodeData[entry.dataRef],
        ...(entry.dataTruncated ? { dataTruncated: true } : {}),
      }))
      const shown = view.trace.entries.map((entry) => ({
        dataIn: entry.dataIn,
        ...(entry.dataTruncated ? { dataTruncated: true } : {}),
      }))
      return { view, copies, shown }
    }

    it('stores a reference for views that are the normalised input, and shows what the copy showed', async () => {
      const workflow = await install('event-publish', gate('event-publish'))
      const raw = rawEvent('By reference')
      const run = await env.platform.dispatcher.runWorkflowNow(workflow, raw, { kind: 'manual' })
      expect(run.outcome).toBe('blocked')
      expect(run.normalised?.readLookups).toBe(false)
      // Every node saw the normalised event itself.
      expect(run.trace.every((entry) => entry.dataIn === run.normalised?.data)).toBe(true)

      const row = (await findRun(env.store.db, run.runId))!
      expect(row.node_data).toBe('[]')
      const stored = JSON.parse(row.trace).entries
      expect(stored.map((entry: any) => [entry.dataFrom, entry.dataCap, 'dataRef' in entry])).toEqual(
        run.trace.map(() => ['normalisedInput', 16_384, false]),
      )

      const { view, copies, shown } = await viewAndCopies(run.runId, run.trace, 16_384)
      expect(shown).toEqual(copies)
      expect(shown[0]!.dataIn).toEqual(boundedCopy(run.normalised!.data, 16_384).value)
      expect(view.trace.entries.every((entry) => !('dataFrom' in entry) && !('dataCap' in entry))).toBe(true)
    })

    it('cuts a referenced view at the cap recorded with the run, marked as the copy was', async () => {
      const workflow = await install('event-publish', gate('event-publish'))
      await env.platform.settings.set('Sluice.runs_data_cap_bytes', 300)
      const run = await env.platform.dispatcher.runWorkflowNow(workflow, rawEvent('x'.repeat(500)), {
        kind: 'manual',
      })
      // A later cap does not change what the run recorded.
      await env.platform.settings.set('Sluice.runs_data_cap_bytes', 16_384)
      const row = (await findRun(env.store.db, run.runId))!
      expect(JSON.parse(row.trace).entries[0]).toMatchObject({ dataFrom: 'normalisedInput', dataCap: 300 })
      expect(row.trace).not.toContain('dataTruncated')

      const { shown, copies } = await viewAndCopies(run.runId, run.trace, 300)
      expect(shown).toEqual(copies)
      expect(shown.every((entry) => entry.dataTruncated === true)).toBe(true)
      expect(JSON.stringify(shown[0]!.dataIn)).toContain('more characters')
    })

    it('refers to the normalised input of a blocking trigger site’s run and of a deferred one read from run_inputs', async () => {
      await install('event-publish', gate('event-publish'))
      await install('event-after-save', branching('event-after-save'))
      const event = await env.platform.events.add(env.admin, {
        Event: { info: 'Site', distribution: 1, Attribute: [{ type: 'ip-dst', value: '10.1.1.1' }] },
      })
      await env.platform.events.publish(env.admin, event.Event.id)
      await env.platform.drain()
      const { runs } = await env.platform.runs.list(env.admin, { limit: 10 })
      const byKind = new Map(runs.map((run) => [run.kind, run]))
      for (const kind of ['trigger', 'deferred', 'concurrent'] as const) {
        const summary = byKind.get(kind)
        expect(summary, kind).toBeDefined()
        const row = (await findRun(env.store.db, summary!.id))!
        if (kind !== 'trigger') expect(row.input_id, kind).not.toBeNull()
        const entries = JSON.parse(row.trace).entries
        expect(entries.length, kind).toBeGreaterThan(0)
        const source = kind === 'concurrent' ? 'input' : 'normalisedInput'
        // The concurrent-task node saw the start data marked with its target: a patch on it.
        expect(
          entries.map((entry: any) => [entry.dataFrom, entry.dataPatch, 'dataRef' in entry]),
          kind,
        ).toEqual(entries.map((entry: any) => [source, entry.moduleId === 'concurrent-task' ? 0 : undefined, false]))
        expect(JSON.parse(row.node_data), kind).toHaveLength(kind === 'deferred' ? 1 : 0)
        if (kind === 'deferred') expect(row.node_data.length, kind).toBeLessThan(100)

        const view = await env.platform.runs.view(env.admin, summary!.id)
        const start =
          kind === 'concurrent'
            ? view.input
            : await registry.trigger(summary!.triggerId!)!.normalise(view.input, { lookups: env.platform.backend })
        for (const entry of view.trace.entries) {
          const seen = entry.moduleId === 'concurrent-task' ? { ...(start as object), __node_id_to_exec: 4 } : start
          expect(entry.dataIn).toEqual(boundedCopy(seen, 16_384).value)
        }
        expect(JSON.stringify(view.trace.entries[0]!.dataIn)).toContain('"info":"Site"')
      }
    })

    it('stores a filtered view as a patch on the normalised input, shown as its copy was, cut or not', async () => {
      const filtered = buildGraph([
        { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
        {
          id: 2,
          module: 'generic-filter-data',
          type: 'logic',
          params: {
            'filtering-label': 'A',
            selector: 'Event._AttributeFlattened.{n}',
            operator: 'equals',
            hash_path: 'value',
            value: '10.0.0.3',
          },
          outputs: { output_1: [3] },
        },
        { id: 3, module: 'published-if', type: 'logic', params: { condition: 'equals' }, outputs: { output_2: [4] } },
        { id: 4, module: 'stop-execution', type: 'action', params: { message: 'Filtered' } },
      ])
      const workflow = await install('event-publish', filtered)
      await env.platform.settings.set('Workflow.modules_enabled', ['generic-filter-data'])
      // At 300 bytes the patch would not be well under the copy: the copy is kept.
      for (const cap of [16_384, 2048, 300]) {
        await env.platform.settings.set('Sluice.runs_data_cap_bytes', cap)
        const run = await env.platform.dispatcher.runWorkflowNow(workflow, rawEvent(`Filtered ${cap}`), {
          kind: 'manual',
        })
        expect(run.outcome).toBe('blocked')
        const views = new Set(run.trace.map((entry) => entry.dataIn))
        expect(views.size).toBe(2)
        const row = (await findRun(env.store.db, run.runId))!
        const stored = JSON.parse(row.trace).entries
        const filteredAs = cap === 300 ? [undefined, undefined, 0] : ['normalisedInput', 0, undefined]
        expect(stored.map((entry: any) => [entry.dataFrom, entry.dataPatch, entry.dataRef])).toEqual([
          ['normalisedInput', undefined, undefined],
          filteredAs,
          filteredAs,
        ])
        // The patch: the one attribute the filter kept, the filter, and a reference to the rest.
        if (cap !== 300) expect(row.node_data.length).toBeLessThan(600)
        const { shown, copies } = await viewAndCopies(run.runId, run.trace, cap)
        expect(shown).toEqual(copies)
        expect(shown.every((entry) => entry.dataTruncated === (cap === 16_384 ? undefined : true))).toBe(true)
        if (cap === 16_384) expect(JSON.stringify(shown[1]!.dataIn)).toContain('enabledFilters')
      }
    })

    it('keeps a copy when the normalisation read the database', async () => {
      const workflow = await install('attribute-after-save', gate('attribute-after-save'))
      const event = await env.platform.events.add(env.admin, { Event: { info: 'Looked up', distribution: 1 } })
      const raw = {
        Attribute: {
          id: '1',
          event_id: event.Event.id,
          type: 'ip-dst',
          category: 'Network activity',
          value: '10.2.2.2',
        },
      }
      const run = await env.platform.dispatcher.runWorkflowNow(workflow, raw, { kind: 'manual' })
      expect(run.normalised?.readLookups).toBe(true)
      expect(run.trace.length).toBeGreaterThan(0)
      const row = (await findRun(env.store.db, run.runId))!
      expect(row.trace).not.toContain('dataFrom')
      expect(JSON.parse(row.node_data)).toHaveLength(1)
      const { shown, copies } = await viewAndCopies(run.runId, run.trace, 16_384)
      expect(shown).toEqual(copies)
      expect(JSON.stringify(shown[0]!.dataIn)).toContain('Looked up')
    })

    it('keeps a copy when the input would not read back as the same JSON', async () => {
      const workflow = await install('event-publish', gate('event-publish'))
      const raw: any = rawEvent('Not plain')
      raw.Event.date = new Date(0)
      const run = await env.platform.dispatcher.runWorkflowNow(workflow, raw, { kind: 'manual' })
      expect(run.normalised?.readLookups).toBe(false)
      const row = (await findRun(env.store.db, run.runId))!
      expect(row.trace).not.toContain('dataFrom')
      const { shown, copies } = await viewAndCopies(run.runId, run.trace, 16_384)
      expect(shown).toEqual(copies)
    })

    it('reads rows written before references existed', async () => {
      const id = '00000000-0000-7000-8000-0000000000aa'
      const views = [{ Event: { info: 'first' } }, { Event: { info: 'cut' }, '…': '3 more keys' }]
      await insertRun(env.store.db, {
        id,
        kind: 'trigger',
        trigger_id: 'event-publish',
        outcome: 'success',
        input: '{"Event":{"info":"first"}}',
        errors: '[]',
        trace: JSON.stringify({
          outcomeText: 'success',
          executedNodes: ['2', '3'],
          blockingNodes: [],
          blockedPaths: [],
          entries: [
            { nodeId: '2', moduleId: 'published-if', status: 'success', dataRef: 0 },
            { nodeId: '3', moduleId: 'stop-execution', status: 'success', dataRef: 1, dataTruncated: true },
            { nodeId: '4', moduleId: 'stop-execution', status: 'success' },
          ],
        }),
        node_data: JSON.stringify(views),
        chain: '[]',
        started_at: Date.now(),
        duration_ms: 1,
      })
      const view = await env.platform.runs.view(env.admin, id)
      expect(view.trace.entries).toEqual([
        { nodeId: '2', moduleId: 'published-if', status: 'success', dataIn: views[0] },
        { nodeId: '3', moduleId: 'stop-execution', status: 'success', dataTruncated: true, dataIn: views[1] },
        { nodeId: '4', moduleId: 'stop-execution', status: 'success' },
      ])
    })
  })
}

describe('isPlainJson', () => {
  it('accepts what JSON reads back as the same data, and nothing else', () => {
    expect(isPlainJson({ a: [1, 'b', true, null, { c: -2.5 }], d: {} })).toBe(true)
    expect(isPlainJson(Object.assign(Object.create(null), { a: 1 }))).toBe(true)
    for (const odd of [
      { a: undefined },
      [1, undefined],
      // biome-ignore lint/suspicious/noSparseArray: a hole is what is tested
      [1, , 3],
      { a: Number.NaN },
      { a: Number.POSITIVE_INFINITY },
      { a: new Date(0) },
      { a: new Map() },
      { a: 1n },
      { a: () => 1 },
      { toJSON: () => 'x' },
    ]) {
      expect(isPlainJson(odd), String(Object.keys(odd))).toBe(false)
    }
  })
})

describe('viewPatch', () => {
  const start = {
    Event: { id: '1', info: 'x', Attribute: [{ value: 'a' }, { value: 'b' }, { value: 'c' }], Tag: [{ name: 't' }] },
    other: [1, 2, 3],
  }
  const rebuilt = (view: unknown, cap = 10_000) => {
    const patch = viewPatch(view, start, cap)
    expect(patch).toBeDefined()
    const again = patchedView(JSON.parse(JSON.stringify(patch)), structuredClone(start), structuredClone(start))
    // Same JSON, keys in the same order.
    expect(JSON.stringify(again)).toBe(JSON.stringify(view))
    return patch
  }

  it('describes views that share the start data by what differs', () => {
    const event = start.Event
    expect(rebuilt({ ...start, marked: 4 })).toEqual(['o', { marked: ['v', 4] }, ['Event', 'other', 'marked']])
    expect(rebuilt({ Event: { ...event, Attribute: { 2: event.Attribute[2] } }, other: start.other })).toEqual([
      'o',
      { Event: ['o', { Attribute: ['o', {}, ['2']] }] },
    ])
    rebuilt({ other: start.other, Event: event })
    rebuilt({ ...start, _unfilteredData: start, enabledFilters: { A: { value: 'c' } } })
    rebuilt({ ...start, other: [...start.other, 4] })
    rebuilt({ ...start, other: [start.other[0]] })
    // A key the start data does not have, left undefined, is left out of the copy either way.
    rebuilt({ ...start, gone: undefined })
    rebuilt(JSON.parse('{"__proto__": {"x": 1}, "Event": {}}'))
    rebuilt({ Event: { ...event, Tag: null, id: '2' } })
    rebuilt({ ...start, Event: { ...event, Attribute: [...event.Attribute].reverse() } })
  })

  it('gives up on values JSON would change, and on patches larger than the budget', () => {
    expect(viewPatch({ ...start, when: new Date(0) }, start, 10_000)).toBeUndefined()
    expect(viewPatch({ ...start, other: [1, undefined] }, start, 10_000)).toBeUndefined()
    expect(viewPatch({ ...start, big: 'x'.repeat(500) }, start, 100)).toBeUndefined()
    expect(viewPatch(structuredClone(start), start, 10)).toBeUndefined()
  })
})
