import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Store, writeSetting } from '../../store/index.ts'
import { testDatabases } from '../../../test/harness/databases.ts'
import { createSettingsService } from './settings-service.ts'

for (const db of testDatabases()) {
  describe(`${db.name}: createSettingsService`, () => {
    let store: Store
    let clock: number
    beforeEach(async () => {
      store = await db.open()
      clock = 0
    })
    afterEach(() => store.close())

    it('answers a value set through it at once', async () => {
      const settings = createSettingsService(store)
      await settings.load()
      expect(settings.workflowsEnabled()).toBe(false)
      await settings.set('Plugin.Workflow_enable', true)
      expect(settings.workflowsEnabled()).toBe(true)
      await settings.set('Plugin.Workflow_triggers_event-publish', true)
      expect(settings.isTriggerEnabled('event-publish')).toBe(true)
    })

    it('sees a value another process wrote once the cache is older than maxAgeMs', async () => {
      const settings = createSettingsService(store, { maxAgeMs: 1000, now: () => clock })
      await settings.load()
      await writeSetting(store.db, 'Plugin.Workflow_enable', true)
      clock = 999
      await settings.refresh()
      expect(settings.workflowsEnabled()).toBe(false)
      clock = 1000
      await settings.refresh()
      expect(settings.workflowsEnabled()).toBe(true)
    })

    it('keeps a value set while a re-read was under way', async () => {
      const settings = createSettingsService(store, { maxAgeMs: 1000, now: () => clock })
      await settings.load()
      await writeSetting(store.db, 'Plugin.Workflow_enable', true)
      clock = 5000
      const refreshing = settings.refresh()
      await settings.set('Plugin.Workflow_enable', false)
      await refreshing
      expect(settings.workflowsEnabled()).toBe(false)
    })

    it('never re-reads on its own when no other process writes the database', async () => {
      const settings = createSettingsService(store, { maxAgeMs: Number.POSITIVE_INFINITY, now: () => clock })
      await settings.load()
      await writeSetting(store.db, 'Plugin.Workflow_enable', true)
      clock = 1e12
      await settings.refresh()
      expect(settings.workflowsEnabled()).toBe(false)
    })
  })
}
