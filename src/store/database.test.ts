import { existsSync } from 'node:fs'
import type { Kysely } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { testDatabases } from '../../test/harness/databases.ts'
import type { Store } from './database.ts'
import { parseDatabaseUrl, runtimeFile } from './database.ts'
import { insertEvent, listEvents } from './event-repository.ts'
import { insertLog, listLogs } from './log-repository.ts'
import { migrateToLatest } from './migrate.ts'
import { readSettings, seedSetting, writeSetting } from './setting-repository.ts'
import { linkEventTag } from './tag-repository.ts'
import { insertRole } from './user-repository.ts'
import { incrementWorkflowCounter, insertWorkflow, listWorkflows } from './workflow-repository.ts'

describe('parseDatabaseUrl', () => {
  it('reads sqlite: urls, bare paths and :memory:', () => {
    expect(parseDatabaseUrl('sqlite:data/sluice.db')).toEqual({ dialect: 'sqlite', file: 'data/sluice.db' })
    expect(parseDatabaseUrl('/tmp/x.db')).toEqual({ dialect: 'sqlite', file: '/tmp/x.db' })
    expect(parseDatabaseUrl(':memory:')).toEqual({ dialect: 'sqlite', file: ':memory:' })
    expect(parseDatabaseUrl('postgres://u@h/db')).toEqual({ dialect: 'postgres', url: 'postgres://u@h/db' })
  })
})

const event = (uuid: string, orgId: number, distribution: number) => ({
  uuid,
  org_id: orgId,
  orgc_id: orgId,
  date: '2024-10-01',
  info: uuid,
  distribution,
})

for (const db of testDatabases()) {
  describe(`${db.name}: store`, () => {
    let store: Store
    beforeEach(async () => {
      store = await db.open()
    })
    afterEach(async () => {
      await store.close()
    })

    it('migrates once: a second run changes nothing', async () => {
      await migrateToLatest(store.db, store.dialect)
      expect(await listEvents(store.db, { viewerOrgId: null })).toEqual([])
    })

    it('takes perm_tag_editor from the User role an older first start made (migration 0013)', async () => {
      const roles = [
        { name: 'admin', perm_site_admin: 1, perm_admin: 1 },
        { name: 'Org Admin', perm_site_admin: 0, perm_admin: 1 },
        { name: 'User', perm_site_admin: 0, perm_admin: 0 },
        { name: 'Curator', perm_site_admin: 0, perm_admin: 0 },
      ]
      for (const role of roles) await insertRole(store.db, { ...role, perm_tag_editor: 1 })
      await (store.db as Kysely<any>)
        .deleteFrom('kysely_migration')
        .where('name', '=', '0013-user-role-tag-editor')
        .execute()
      await migrateToLatest(store.db, store.dialect)
      const rows = await store.db.selectFrom('roles').select(['name', 'perm_tag_editor']).orderBy('id').execute()
      expect(rows.map((row) => [row.name, Number(row.perm_tag_editor)])).toEqual([
        ['admin', 1],
        ['Org Admin', 1],
        ['User', 0],
        ['Curator', 1],
      ])
    })

    it('keeps the runtime tables apart from the data (a second SQLite file)', async () => {
      await insertLog(store.db, { created: '2024-10-01 00:00:00', model: 'Event', action: 'add' })
      expect((await listLogs(store.db))[0]).toMatchObject({ model: 'Event', action: 'add', title: '' })
      if (store.file) expect(existsSync(runtimeFile(store.file))).toBe(true)
    })

    it('lists events by the visibility rule: own organisation, or distribution 1–3', async () => {
      await insertEvent(store.db, event('a', 1, 0))
      await insertEvent(store.db, event('b', 2, 0))
      await insertEvent(store.db, event('c', 2, 1))
      await insertEvent(store.db, event('d', 2, 4))
      const seen = await listEvents(store.db, { viewerOrgId: 1 })
      expect(seen.map((row) => row.uuid).sort()).toEqual(['a', 'c'])
      expect(await listEvents(store.db, { viewerOrgId: null })).toHaveLength(4)
    })

    it('rolls a transaction back when its work throws', async () => {
      await expect(
        store.transaction(async (trx) => {
          await insertEvent(trx, event('rolled-back', 1, 0))
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      expect(await listEvents(store.db, { viewerOrgId: null })).toEqual([])
    })

    it('links a tag once (idempotent)', async () => {
      const id = await insertEvent(store.db, event('t', 1, 0))
      expect((await linkEventTag(store.db, id, 7, true)).created).toBe(true)
      expect((await linkEventTag(store.db, id, 7, true)).created).toBe(false)
    })

    it('stores settings as JSON; seeding keeps an existing value', async () => {
      await writeSetting(store.db, 'Plugin.Workflow_enable', true)
      await seedSetting(store.db, 'Plugin.Workflow_enable', false)
      await seedSetting(store.db, 'Workflow.modules_enabled', ['tag-if'])
      const settings = await readSettings(store.db)
      expect(settings.get('Plugin.Workflow_enable')).toBe(true)
      expect(settings.get('Workflow.modules_enabled')).toEqual(['tag-if'])
    })

    it('increments a workflow counter atomically', async () => {
      const id = await insertWorkflow(store.db, { uuid: 'w', name: 'w', trigger_id: 'event-publish', data: '{}' })
      await Promise.all([incrementWorkflowCounter(store.db, id), incrementWorkflowCounter(store.db, id)])
      expect((await listWorkflows(store.db, 'event-publish'))[0].counter).toBe(2)
    })
  })
}
