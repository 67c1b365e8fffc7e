/**
 * Small modules for engine tests: a blocking and a non-blocking trigger that pass data
 * through, and actions whose behaviour the test sets through parameters.
 */
import type { WorkflowModule } from '../../src/engine/index.ts'
import { createRegistry, defineActionModule, defineLogicModule, defineTrigger } from '../../src/modules/index.ts'

/** A trigger that hands its raw data to the walk unchanged. */
export const passThroughTrigger = (id: string, blocking: boolean) =>
  defineTrigger({ id, name: id, scope: 'others', blocking, misp_core_format: false, normalise: async (raw) => raw })

/** `probe`: records its visit in `visits`, then fails (`ok: "0"`), throws (`throw`) or adds an error (`error`). */
export function probeModule(visits: string[], id = 'probe', blocking = false): WorkflowModule {
  return defineActionModule({
    id,
    name: `Probe ${id}`,
    blocking,
    params: [
      { id: 'ok', type: 'input', default: '1' },
      { id: 'error', type: 'input' },
      { id: 'throw', type: 'input' },
      { id: 'set', type: 'input' },
    ],
    exec(ctx) {
      visits.push(String(ctx.node.id))
      if (ctx.params.throw) throw new Error(String(ctx.params.throw))
      if (ctx.params.set) ctx.setData({ ...(ctx.data as object), marker: ctx.params.set })
      if (ctx.params.error) ctx.errors.push(String(ctx.params.error))
      return ctx.params.ok === '1'
    },
  })
}

/** `decide`: a logic module that returns its `result` parameter ("1" = then). */
export const decideModule = defineLogicModule({
  id: 'decide',
  name: 'Decide',
  params: [{ id: 'result', type: 'input', default: '1' }],
  exec: (ctx) => ctx.params.result === '1',
})

/** A registry with the test triggers, `probe`, a blocking `halt`, and `decide`. */
export function testCatalogue(visits: string[], extra: WorkflowModule[] = []) {
  return createRegistry([
    passThroughTrigger('test-blocking', true),
    passThroughTrigger('test-deferred', false),
    probeModule(visits),
    probeModule(visits, 'halt', true),
    decideModule,
    ...extra,
  ])
}
