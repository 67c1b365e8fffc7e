/**
 * The dispatcher's cached workflow list and settings (store/cache-policy.ts): a workflow
 * installed, or a setting changed, through the platform takes effect on the very next firing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadWorkflowJson } from '../../engine/index.ts'
import { createBuiltinRegistry } from '../../modules/index.ts'
import type { Store } from '../../store/index.ts'
import { testDatabases } from '../../../test/harness/databases.ts'
import { blueprintFiles } from '../../../test/harness/shared.ts'
import { bootstrap } from '../bootstrap.ts'
import { createPlatform, type LocalPlatform } from '../create-platform.ts'
import type { Actor } from '../types.ts'

const registry = createBuiltinRegistry()
const PAP_RED = blueprintFiles().find(([name]) => name === 'blueprint_pap_red-and-tlp_red-blocking_1661328258.json')![1]

for (const db of testDatabases()) {
  describe(`${db.name}: createTriggerDispatcher caches`, () => {
    let store: Store
    let platform: LocalPlatform
    let admin: Actor
    let serial = 0

    const redEvent = async () => {
      serial++
      const view = await platform.events.add(admin, {
        Event: {
          info: `Red ${serial}`,
          Attribute: [{ type: 'ip-src', value: `198.51.100.${serial}`, Tag: [{ name: 'tlp:red' }] }],
        },
      })
      return view.Event.id as string
    }
    const installBlueprint = async () => {
      const { record } = loadWorkflowJson(PAP_RED, 'event-publish', (id) => registry.trigger(id)?.descriptor)
      await platform.workflows.install(record)
    }

    beforeEach(async () => {
      store = await db.open()
      platform = createPlatform({ store, registry })
      const { apiKey } = await bootstrap(platform)
      admin = (await platform.users.authenticate(apiKey!))!
      await platform.settings.set('Plugin.Workflow_enable', true)
      await platform.settings.set('Plugin.Workflow_triggers_event-publish', true)
    })
    afterEach(async () => {
      await platform.close()
      await store.close()
    })

    it('runs a workflow installed after the list was cached on the next publish', async () => {
      expect((await platform.events.publish(admin, await redEvent())).published).toBe(true)
      expect(await platform.dispatcher.isCallable('event-publish')).toBe(false)
      await installBlueprint()
      expect(await platform.dispatcher.isCallable('event-publish')).toBe(true)
      expect((await platform.events.publish(admin, await redEvent())).published).toBe(false)
    })

    it('applies a trigger setting changed between two publishes to the second', async () => {
      await installBlueprint()
      expect((await platform.events.publish(admin, await redEvent())).published).toBe(false)
      await platform.settings.set('Plugin.Workflow_triggers_event-publish', false)
      expect((await platform.events.publish(admin, await redEvent())).published).toBe(true)
      await platform.settings.set('Plugin.Workflow_triggers_event-publish', true)
      expect((await platform.events.publish(admin, await redEvent())).published).toBe(false)
      await platform.settings.set('Plugin.Workflow_enable', false)
      expect((await platform.events.publish(admin, await redEvent())).published).toBe(true)
    })

    it('counts every run of a cached workflow in the table', async () => {
      await installBlueprint()
      await platform.events.publish(admin, await redEvent())
      await platform.events.publish(admin, await redEvent())
      expect((await platform.workflows.list())[0].counter).toBe('2')
    })
  })
}
