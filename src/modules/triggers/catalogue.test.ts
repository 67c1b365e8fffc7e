import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ModuleDescriptor } from '../../engine/index.ts'
import { triggerModules } from './index.ts'
import { triggerPropertyOrder } from './php-property-order.ts'

// MISP's trigger descriptors, as the PHP oracle stored them in the trigger nodes it generated.
const scenarios = JSON.parse(
  readFileSync(new URL('../../../../shared/conformance/misp-oracle-scenarios.json', import.meta.url), 'utf8'),
) as { scenarios: Array<{ workflow: Record<string, { data?: Record<string, unknown> }> }> }

/** Keys a saved node adds to the descriptor it was generated from (spec/ENGINE.md §1.3.2). */
const NODE_ONLY_KEYS = new Set(['indexed_params', 'node_uid', 'module_version', 'previous_module_version', 'disabled'])

function mispTriggerDescriptors(): Map<string, Record<string, unknown>[]> {
  const byId = new Map<string, Record<string, unknown>[]>()
  for (const scenario of scenarios.scenarios) {
    for (const [key, node] of Object.entries(scenario.workflow)) {
      if (key === '_frames' || node.data?.module_type !== 'trigger') continue
      const stripped = Object.fromEntries(Object.entries(node.data).filter(([k]) => !NODE_ONLY_KEYS.has(k)))
      const seen = byId.get(String(node.data.id)) ?? []
      if (!seen.some((other) => JSON.stringify(other) === JSON.stringify(stripped))) seen.push(stripped)
      byId.set(String(node.data.id), seen)
    }
  }
  return byId
}

/** Our descriptor as a trigger node carries it: no `params`, `saved_filters` in object form. */
function asNodeData(descriptor: ModuleDescriptor): Record<string, unknown> {
  const entries = Object.entries(descriptor)
    .filter(([key]) => key !== 'params')
    .map(([key, value]) =>
      key === 'saved_filters'
        ? [key, Object.fromEntries((value as Array<{ text: string; value: unknown }>).map((f) => [f.text, f.value]))]
        : [key, value],
    )
  return Object.fromEntries(entries)
}

function descriptorOf(id: string): ModuleDescriptor {
  const trigger = triggerModules.find((module) => module.descriptor.id === id)
  if (!trigger) throw new Error(`no trigger ${id}`)
  return trigger.descriptor
}

describe('trigger catalogue against MISP', () => {
  const misp = mispTriggerDescriptors()

  it('finds trigger descriptors in the oracle scenarios', () => {
    expect(misp.size).toBeGreaterThanOrEqual(6)
  })

  for (const [id, descriptors] of misp) {
    for (const [index, expected] of descriptors.entries()) {
      it(`${id} (#${index + 1}) has MISP's keys, values and key order`, () => {
        const ours = asNodeData(descriptorOf(id))
        expect(Object.keys(ours)).toEqual(Object.keys(expected))
        expect(ours).toEqual(expected)
      })
    }
  }
})

// spec/ENGINE.md §4.1: id, name, scope, blocking, core, overhead, icon.
const TABLE: Array<[string, string, string, boolean, boolean, number, string]> = [
  ['attribute-after-save', 'Attribute After Save', 'attribute', false, true, 3, 'cube'],
  ['enrichment-before-query', 'Enrichment Before Query', 'others', true, true, 1, 'asterisk'],
  ['event-after-save', 'Event After Save', 'event', false, true, 3, 'envelope'],
  ['event-after-save-new', 'Event After Save New', 'event', false, true, 1, 'envelope'],
  ['event-after-save-new-from-pull', 'Event After Save New From Pull', 'event', false, true, 1, 'envelope'],
  ['event-before-save', 'Event Before Save', 'event', true, true, 3, 'envelope'],
  ['event-publish', 'Event Publish', 'event', true, true, 1, 'upload'],
  ['event-report-after-save', 'Event Report After Save', 'event-report', false, true, 1, 'file-alt'],
  ['log-after-save', 'Log After Save', 'log', false, false, 3, 'file'],
  ['object-after-save', 'Object After Save', 'object', false, true, 3, 'cubes'],
  ['post-after-save', 'Post After Save', 'post', false, false, 1, 'comment'],
  ['shadow-attribute-after-save', 'Shadow Attribute After Save', 'shadow-attribute', false, true, 2, 'comment'],
  ['shadow-attribute-before-save', 'Shadow Attribute Before Save', 'shadow-attribute', true, true, 2, 'comment'],
  ['sighting-after-save', 'Sighting After Save', 'sighting', false, true, 2, 'eye'],
  ['tag-attached-after-save', 'Tag Attached After Save', 'tag', false, true, 3, 'tags'],
  ['user-after-save', 'User After Save', 'user', false, false, 1, 'user-edit'],
  ['user-before-save', 'User Before Save', 'user', true, false, 1, 'user-plus'],
]

// spec/ENGINE.md §4.1, descriptions verbatim.
const DESCRIPTIONS: Record<string, string> = {
  'attribute-after-save': 'This trigger is called after an Attribute has been saved in the database',
  'enrichment-before-query': 'This trigger is called just before a query against the enrichment service is done',
  'event-after-save': 'This trigger is called after an Event or any of its elements has been saved in the database',
  'event-after-save-new': 'This trigger is called after a new Event has been saved in the database',
  'event-after-save-new-from-pull':
    'This trigger is called after a new Event has been saved in the database from a PULL operation. This trigger executes in place of `event-after-save-new`',
  'event-before-save':
    'This trigger is called before an Event or any of its elements is about to be saved in the database',
  'event-publish': 'This trigger is called just before a MISP Event starts the publishing process',
  'event-report-after-save': 'This trigger is called after an Event Report has been saved in the database',
  'log-after-save': 'This trigger is called after a Log event has been saved in the database',
  'object-after-save': 'This trigger is called after an Object has been saved in the database',
  'post-after-save': 'This trigger is called after a Post has been saved in the database',
  'shadow-attribute-after-save': 'This trigger is called just after a Shadow Attribute has been saved in the database',
  'shadow-attribute-before-save': 'This trigger is called just before a Shadow Attribute is saved in the database',
  'sighting-after-save': 'This trigger is called when a sighting has been saved',
  'tag-attached-after-save': 'This trigger is called just after a Tag has been attached to an Event or an Attribute.',
  'user-after-save': 'This trigger is called after a user has been saved in the database',
  'user-before-save': 'This trigger is called just before a user is save in the database',
}

describe('triggerModules', () => {
  it('holds exactly the 17 triggers of the spec, each id once', () => {
    const ids = triggerModules.map((module) => module.descriptor.id)
    expect(ids).toHaveLength(17)
    expect(new Set(ids).size).toBe(17)
    expect([...ids].sort()).toEqual(TABLE.map(([id]) => id).sort())
  })

  it('makes exactly the five blocking triggers blocking', () => {
    const blocking = triggerModules.filter((module) => module.descriptor.blocking).map((module) => module.descriptor.id)
    expect(new Set(blocking)).toEqual(
      new Set([
        'event-before-save',
        'event-publish',
        'shadow-attribute-before-save',
        'user-before-save',
        'enrichment-before-query',
      ]),
    )
  })

  for (const [id, name, scope, blocking, core, overhead, icon] of TABLE) {
    it(`describes ${id} as the spec's table does`, () => {
      const descriptor = descriptorOf(id)
      expect(descriptor).toMatchObject({
        id,
        name,
        scope,
        blocking,
        misp_core_format: core,
        trigger_overhead: overhead,
        icon,
        description: DESCRIPTIONS[id],
        module_type: 'trigger',
        inputs: 0,
        outputs: 1,
        html_template: 'trigger',
        version: '0.1',
        expect_misp_core_format: false,
        is_misp_module: false,
        is_custom: false,
      })
      // Only the medium- and high-overhead triggers explain their overhead.
      expect(descriptor.trigger_overhead_message === '').toBe(overhead === 1)
      expect(descriptor.params.length).toBe(id === 'tag-attached-after-save' ? 3 : 0)
    })
  }

  it("lists the keys of a trigger class that declares the usual properties in PHP's reflection order", () => {
    expect(Object.keys(descriptorOf('sighting-after-save'))).toEqual([
      ...triggerPropertyOrder(),
      'module_type',
      'html_template',
    ])
  })

  it('lists inherited `inputs`/`outputs` after the overhead message for post-after-save, as PHP does', () => {
    expect(Object.keys(descriptorOf('post-after-save'))).toEqual([
      'id',
      'scope',
      'name',
      'description',
      'icon',
      'blocking',
      'misp_core_format',
      'trigger_overhead',
      'trigger_overhead_message',
      'inputs',
      'outputs',
      'is_misp_module',
      'is_custom',
      'expect_misp_core_format',
      'version',
      'icon_class',
      'multiple_output_connection',
      'support_filters',
      'saved_filters',
      'params',
      'module_type',
      'html_template',
    ])
  })

  it('lists the inherited `misp_core_format` after `trigger_overhead` for the user and log triggers, as PHP does', () => {
    for (const id of ['log-after-save', 'user-after-save', 'user-before-save']) {
      const keys = Object.keys(descriptorOf(id))
      expect(keys.slice(7, 11)).toEqual([
        'blocking',
        'trigger_overhead',
        'misp_core_format',
        'trigger_overhead_message',
      ])
    }
  })

  it('lists `params` right after `trigger_overhead` for tag-attached-after-save, as PHP does', () => {
    const keys = Object.keys(descriptorOf('tag-attached-after-save'))
    expect(keys.slice(9, 12)).toEqual(['trigger_overhead', 'params', 'trigger_overhead_message'])
  })

  it("gives tag-attached-after-save MISP's three parameters", () => {
    expect(descriptorOf('tag-attached-after-save').params).toEqual([
      {
        id: 'scope',
        label: 'Scope',
        type: 'select',
        options: { event: 'Event', attribute: 'Attributes', any: 'Any' },
        default: 'event',
      },
      {
        id: 'locality',
        label: 'Tag Locality',
        type: 'select',
        options: { local: 'Local', global: 'Global', any: 'Any' },
        default: 'local',
      },
      { id: 'tag', label: 'Tags', type: 'input', placeholder: 'Type a tag' },
    ])
  })

  it('gives only tag-attached-after-save trigger conditions', () => {
    const withConditions = triggerModules
      .filter((module) => module.conditionsHold)
      .map((module) => module.descriptor.id)
    expect(withConditions).toEqual(['tag-attached-after-save'])
  })
})
