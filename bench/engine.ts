/**
 * Engine benchmarks (issue #2): (a) the PAP:RED/tlp:red blueprint on the 38-attribute OSINT
 * event, on event-publish; (b) a 6-node chain on a generated 1,000-attribute event:
 *
 *   trigger ─► IF :: Tag ─► IF :: Generic ─► Filter :: Generic ─► count (custom) ─► stop-execution
 *
 * Each run includes normalisation into the core format. The reference cost is one
 * `structuredClone` of the event: touching the data once.
 */
import { readFileSync } from 'node:fs'
import { loadWorkflowJson, runWorkflow, type WorkflowRecord } from '../src/engine/index.ts'
import { createBuiltinRegistry } from '../src/modules/index.ts'
import { workflowOf } from '../test/harness/graph-builder.ts'
import { generateEvent } from './generate-event.ts'
import { type Measurement, measure, medianTime } from './measure.ts'
import { benchRegistry, sixNodeChain } from './six-node-chain.ts'

const shared = (path: string) => JSON.parse(readFileSync(new URL(`../../shared/${path}`, import.meta.url), 'utf8'))

function chainWorkflow(): WorkflowRecord {
  return workflowOf(
    sixNodeChain('event-publish', {
      tagScope: 'event_attribute',
      tag: 'tlp:amber',
      eventField: 'distribution',
      value: '1',
      attributeType: 'ip-dst',
    }),
    'event-publish',
  )
}

/** One benchmark's figures. */
export interface EngineFigures {
  name: string
  outcome: string
  run: Measurement
  cloneMs: number
}

async function bench(name: string, workflow: WorkflowRecord, event: unknown, seconds: number): Promise<EngineFigures> {
  const catalogue = benchRegistry()
  const once = () => runWorkflow({ catalogue, workflow, triggerId: 'event-publish', data: event })
  const { outcome } = await once()
  const run = await measure(once, seconds)
  return { name, outcome, run, cloneMs: medianTime(() => structuredClone(event)) }
}

/** Runs both engine benchmarks. */
export async function engineBenchmarks(seconds = 3): Promise<EngineFigures[]> {
  const registry = createBuiltinRegistry()
  const blueprint = loadWorkflowJson(
    shared('fixtures/misp-workflow-blueprints/blueprint_pap_red-and-tlp_red-blocking_1661328258.json'),
    'event-publish',
    (id) => registry.trigger(id)?.descriptor,
  ).record
  const regin = shared('fixtures/events/osint-regin-event.json')
  return [
    await bench('(a) PAP:RED/tlp:red blueprint, OSINT Regin event (38 attributes)', blueprint, regin, seconds),
    await bench('(b) 6-node chain, generated event (1,000 attributes)', chainWorkflow(), generateEvent(1000), seconds),
  ]
}
