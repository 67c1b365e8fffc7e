/**
 * The SYSTEM workflow user (spec/ENGINE.md §2.3) through the local backend: built for the host
 * organisation, reused for a second between runs so that a busy trigger does not query the
 * organisation on every run, frozen so that no run can change it for the next one.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createBuiltinRegistry } from '../src/modules/index.ts'
import { bootstrap, createPlatform, type LocalPlatform } from '../src/platform/index.ts'
import { WORKFLOW_USER_MAX_AGE_MS } from '../src/platform/local-backend.ts'
import type { Store } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'

for (const database of testDatabases()) {
  describe(`${database.name}: the local backend's workflow user`, () => {
    let store: Store
    let platform: LocalPlatform

    beforeEach(async () => {
      store = await database.open()
      platform = createPlatform({ store, registry: createBuiltinRegistry() })
      await bootstrap(platform, { adminKey: 'k'.repeat(40) })
    })
    afterEach(async () => {
      vi.restoreAllMocks()
      await platform.close()
    })

    it('is MISP’s SYSTEM user of the host organisation, frozen', async () => {
      const user = await platform.backend.workflowUser!()
      expect(user).toMatchObject({ email: 'SYSTEM', id: 0, Role: { perm_site_admin: true } })
      expect(Object.isFrozen(user)).toBe(true)
      expect(Object.isFrozen(user!.Role)).toBe(true)
    })

    it('is reused within a second and read again after it, so a renamed organisation shows', async () => {
      const first = await platform.backend.workflowUser!()
      const orgName = (first!.Organisation as { name?: string }).name
      await store.db.updateTable('organisations').set({ name: 'Renamed host' }).execute()
      expect(await platform.backend.workflowUser!()).toBe(first)
      const later = Date.now() + WORKFLOW_USER_MAX_AGE_MS + 1
      vi.spyOn(Date, 'now').mockReturnValue(later)
      const renamed = await platform.backend.workflowUser!()
      expect((renamed!.Organisation as { name?: string }).name).toBe('Renamed host')
      expect(orgName).not.toBe('Renamed host')
    })
  })
}
