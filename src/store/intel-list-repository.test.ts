import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { testDatabases } from '../../test/harness/databases.ts'
import type { Store } from './database.ts'
import {
  findEventBlocklistEntry,
  insertEventBlocklistEntry,
  insertWarninglist,
  listEntriesOf,
  listGalaxyClustersByGalaxyName,
  listGalaxyElements,
  listWarninglistEntries,
} from './intel-list-repository.ts'

for (const db of testDatabases()) {
  describe(`${db.name}: intel-list repository`, () => {
    let store: Store

    beforeEach(async () => {
      store = await db.open()
    })
    afterEach(async () => store.close())

    it('has the Country galaxy seeded from ISO 3166-1, found by name in any case', async () => {
      const clusters = await listGalaxyClustersByGalaxyName(store.db, 'country')
      expect(clusters).toHaveLength(249)
      const luxembourg = clusters.find((cluster) => cluster.value === 'luxembourg')
      expect(luxembourg).toMatchObject({ type: 'country', tag_name: 'misp-galaxy:country="luxembourg"' })
      expect(await listGalaxyClustersByGalaxyName(store.db, 'COUNTRY')).toHaveLength(249)
      expect(await listGalaxyElements(store.db, [luxembourg!.id])).toEqual([
        { galaxy_cluster_id: luxembourg!.id, key: 'ISO', value: 'LU' },
      ])
      expect(await listGalaxyClustersByGalaxyName(store.db, 'Threat Actor')).toEqual([])
    })

    it('keeps warninglist entries per list, in order, with many entries', async () => {
      const values = Array.from({ length: 450 }, (_, index) => `10.0.${Math.floor(index / 250)}.${index % 250}`)
      const big = await insertWarninglist(
        store.db,
        { name: 'Big', type: 'cidr', matching_attributes: '["ip-dst"]' },
        values,
      )
      const small = await insertWarninglist(store.db, { name: 'Small' }, ['a', 'b'])
      expect(await listWarninglistEntries(store.db, big)).toEqual(values)
      expect((await listEntriesOf(store.db, [small])).map((row) => row.value)).toEqual(['a', 'b'])
      expect(await listEntriesOf(store.db, [])).toEqual([])
    })

    it('stores one blocklist entry per event UUID', async () => {
      const uuid = '5b3d3a8c-1f0e-4c8e-9a55-6c2a4f1d2e3b'
      await insertEventBlocklistEntry(store.db, { event_uuid: uuid, created: '2026-01-01 00:00:00', event_orgc: 'ORG' })
      expect(await findEventBlocklistEntry(store.db, uuid)).toMatchObject({ event_uuid: uuid, event_orgc: 'ORG' })
      await expect(
        insertEventBlocklistEntry(store.db, { event_uuid: uuid, created: '2026-01-01 00:00:00' }),
      ).rejects.toThrow()
    })
  })
}
