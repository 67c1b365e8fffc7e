/**
 * The test-only action `test-record` of MISP's oracle scenarios (conformance/MISP-SCENARIOS.md
 * §2.1): it records what the node saw, then optionally throws, writes data, adds an error and
 * returns the configured result. Never registered outside conformance runs.
 */
import { phpLooseEquals, phpTruthy } from '../format/index.ts'
import { extract, insert } from '../hashpath/index.ts'
import { defineActionModule } from '../modules/index.ts'
import type { WorkflowModule } from '../engine/index.ts'

/** What one execution of a test-record node saw. */
export interface Recording {
  context: string
  nodeId: string
  label: string
  filtersEnabled: boolean
  view: unknown
  matching: unknown
  digestPath?: unknown
  recordFull: boolean
}

/** Collects recordings; the scenario runner sets `context` before each run. */
export interface Recorder {
  context: string
  recordings: Recording[]
}

const stringParam = (id: string, defaultValue = '') => ({ id, label: id, type: 'input', default: defaultValue })

/** Creates a test-record module that writes into `recorder`. */
export function createTestRecordModule(recorder: Recorder): WorkflowModule {
  return defineActionModule<Record<string, string>>({
    id: 'test-record',
    name: 'Test :: Record',
    version: '1.0',
    support_filters: true,
    params: [
      stringParam('label'),
      stringParam('return', '1'),
      stringParam('error_message'),
      stringParam('throw'),
      stringParam('set_path'),
      stringParam('set_value'),
      stringParam('digest_path'),
      stringParam('record_full', '0'),
    ],
    exec(ctx) {
      const view = ctx.data
      const matching = ctx.matchingItems()
      const recording: Recording = {
        context: recorder.context,
        nodeId: String(ctx.node.id),
        label: String(ctx.params.label),
        filtersEnabled: ctx.filtersEnabled,
        view,
        matching,
        recordFull: ctx.params.record_full === '1',
      }
      // "Non-empty" and `==` as the PHP module means them: `!empty()` (so "0" counts as empty)
      // and a loose comparison ("01" and "1.0" return true).
      if (phpTruthy(ctx.params.digest_path)) recording.digestPath = extract(view, ctx.params.digest_path)
      recorder.recordings.push(recording)
      if (phpTruthy(ctx.params.throw)) throw new Error(ctx.params.throw)
      if (phpTruthy(ctx.params.set_path)) ctx.setData(insert(view, ctx.params.set_path, ctx.params.set_value))
      if (phpTruthy(ctx.params.error_message)) ctx.errors.push(ctx.params.error_message)
      return phpLooseEquals(ctx.params.return, '1')
    },
  })
}
