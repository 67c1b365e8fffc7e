/**
 * MISP's published blueprints that need only data actions (shared/fixtures/
 * misp-workflow-blueprints), run end to end on a real platform over every test database: each
 * blueprint's nodes are put after the `event-publish` trigger as MISP's editor inserts them, and
 * the tags they leave in the store are checked.
 *
 *     event-publish ──▶ <blueprint entry nodes> ──▶ …
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Actor, LocalPlatform } from '../src/platform/index.ts'
import { listAttributeTags, listEventTags, type Store, type TagLinkRecord } from '../src/store/index.ts'
import { type ActionPlatform, openActionPlatform } from './harness/action-platform.ts'
import { testDatabases } from './harness/databases.ts'
import { blueprintFiles } from './harness/shared.ts'

/** Installs blueprint `file` after `triggerId`, enabling the trigger and the blueprint's modules. */
async function installBlueprint(platform: LocalPlatform, file: string, triggerId: string): Promise<void> {
  const blueprint = blueprintFiles().find(([name]) => name === file)![1].WorkflowBlueprint
  const nodes: any[] = structuredClone(Object.values(blueprint.data))
  const targeted = new Set(
    nodes.flatMap((node) =>
      Object.values(node.outputs ?? {}).flatMap((output: any) => output.connections.map((c: any) => String(c.node))),
    ),
  )
  const roots = nodes.filter((node) => !targeted.has(String(node.id)))
  const graph: Record<string, any> = {}
  for (const node of nodes) {
    if (roots.includes(node)) {
      node.inputs = { input_1: { connections: [{ node: '1', input: 'output_1' }] } }
    }
    graph[String(node.id)] = node
  }
  graph['1'] = {
    id: 1,
    name: triggerId,
    data: { id: triggerId, module_type: 'trigger', misp_core_format: true, indexed_params: [] },
    class: 'block-type-trigger',
    typenode: false,
    inputs: [],
    outputs: { output_1: { connections: roots.map((node) => ({ node: String(node.id), output: 'input_1' })) } },
    pos_x: 0,
    pos_y: 0,
  }
  await platform.settings.set(`Plugin.Workflow_triggers_${triggerId}`, true)
  await platform.settings.set('Workflow.modules_enabled', [...new Set(nodes.map((node) => node.data.id))])
  await platform.workflows.install({ id: 0, name: blueprint.name, trigger_id: triggerId, data: graph })
}

async function tagsOf(store: Store, target: { eventId?: string; attributeId?: string }) {
  const links = (
    target.eventId !== undefined
      ? await listEventTags(store.db, Number(target.eventId))
      : await listAttributeTags(store.db, { attributeId: Number(target.attributeId) })
  ) as TagLinkRecord[]
  return links.map((link) => `${link.name}${link.link_local === 1 ? ' (local)' : ''}`).sort()
}

for (const db of testDatabases()) {
  describe(`${db.name}: data-action blueprints`, () => {
    let env: ActionPlatform
    let platform: LocalPlatform
    let admin: Actor

    beforeEach(async () => {
      env = await openActionPlatform(db)
      ;({ platform, admin } = env)
    })
    afterEach(() => env.close())

    it('Attach tlp:clear on tlp:white: tags the event and the attributes that carry tlp:white', async () => {
      await installBlueprint(platform, 'blueprint_attach-tlp_clear-on-tlp_white_1661328256.json', 'event-publish')
      const event = (
        await platform.events.add(admin, {
          Event: {
            info: 'White',
            Tag: [{ name: 'tlp:white' }],
            Attribute: [
              { type: 'ip-dst', value: '198.51.100.7', Tag: [{ name: 'tlp:white' }] },
              { type: 'domain', value: 'example.org', Tag: [{ name: 'tlp:green' }] },
            ],
          },
        })
      ).Event
      expect((await platform.events.publish(admin, event.id)).published).toBe(true)
      expect(await tagsOf(env.store, { eventId: event.id })).toEqual(['tlp:clear (local)', 'tlp:white'])
      expect(await tagsOf(env.store, { attributeId: event.Attribute[0].id })).toEqual([
        'tlp:clear (local)',
        'tlp:white',
      ])
      expect(await tagsOf(env.store, { attributeId: event.Attribute[1].id })).toEqual(['tlp:green'])
    })

    it('Attach tlp:clear on tlp:white: leaves an event without tlp:white alone', async () => {
      await installBlueprint(platform, 'blueprint_attach-tlp_clear-on-tlp_white_1661328256.json', 'event-publish')
      const event = (
        await platform.events.add(admin, {
          Event: { info: 'Green', Tag: [{ name: 'tlp:green' }], Attribute: [{ type: 'domain', value: 'example.org' }] },
        })
      ).Event
      await platform.events.publish(admin, event.id)
      expect(await tagsOf(env.store, { eventId: event.id })).toEqual(['tlp:green'])
      expect(await tagsOf(env.store, { attributeId: event.Attribute[0].id })).toEqual([])
    })

    it('Curation - Normalize TLP & PAP Tag: adds local canonical tags next to the originals of immutable data', async () => {
      await installBlueprint(platform, 'blueprint_curation---normalize-tlp-&-pap-tag.json', 'event-publish')
      const event = (
        await platform.events.add(admin, {
          Event: {
            info: 'Messy tags',
            Tag: [{ name: 'TLP:AMBER' }, { name: 'PAP--green' }],
            Attribute: [{ type: 'domain', value: 'example.org', Tag: [{ name: 'tlp-red' }] }],
          },
        })
      ).Event
      await platform.events.publish(admin, event.id)
      expect(await tagsOf(env.store, { eventId: event.id })).toEqual([
        'PAP--green',
        'PAP:GREEN (local)',
        'TLP:AMBER',
        'tlp:amber (local)',
      ])
      expect(await tagsOf(env.store, { attributeId: event.Attribute[0].id })).toEqual(['tlp-red', 'tlp:red (local)'])
    })

    it('Curation - Normalize TLP & PAP Tag: replaces the tags of data marked mutable', async () => {
      await installBlueprint(platform, 'blueprint_curation---normalize-tlp-&-pap-tag.json', 'event-publish')
      const event = (
        await platform.events.add(admin, {
          Event: {
            info: 'Mutable',
            Tag: [{ name: 'misp-workflow:mutability="allowed"' }, { name: 'TLP:AMBER' }, { name: 'PAP--green' }],
            Attribute: [{ type: 'domain', value: 'example.org', Tag: [{ name: 'tlp-red' }] }],
          },
        })
      ).Event
      await platform.events.publish(admin, event.id)
      expect(await tagsOf(env.store, { eventId: event.id })).toEqual([
        'PAP:GREEN',
        'misp-workflow:mutability="allowed"',
        'tlp:amber',
      ])
      expect(await tagsOf(env.store, { attributeId: event.Attribute[0].id })).toEqual(['tlp:red'])
    })
  })
}
