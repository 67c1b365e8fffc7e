import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cacheMaxAgeMs, insertWorkflow, type Store } from '../../store/index.ts'
import { testDatabases } from '../../../test/harness/databases.ts'
import { createWorkflowCache } from './workflow-cache.ts'

const GRAPH = JSON.stringify({ '1': { id: 1, data: { id: 'event-publish', module_type: 'trigger' } } })

function install(store: Store, triggerId: string, name = triggerId) {
  return insertWorkflow(store.db, { uuid: `${name}-uuid`, name, trigger_id: triggerId, data: GRAPH })
}

describe('cacheMaxAgeMs', () => {
  it('never expires on embedded SQLite, whose data folder one process holds', () => {
    expect(cacheMaxAgeMs('sqlite')).toBe(Number.POSITIVE_INFINITY)
  })
  it('expires after a second on PostgreSQL, which several processes may share', () => {
    expect(cacheMaxAgeMs('postgres')).toBe(1000)
  })
})

for (const db of testDatabases()) {
  describe(`${db.name}: createWorkflowCache`, () => {
    let store: Store
    let clock: number
    beforeEach(async () => {
      store = await db.open()
      clock = 0
    })
    afterEach(() => store.close())

    it('answers each trigger’s workflows in saved order, parsed once and shared by every read', async () => {
      const first = await install(store, 'event-publish', 'a')
      await install(store, 'event-after-save', 'b')
      const second = await install(store, 'event-publish', 'c')
      const cache = createWorkflowCache(store.db, { maxAgeMs: Number.POSITIVE_INFINITY })
      const list = await cache.forTrigger('event-publish')
      expect(list.map((workflow) => workflow.id)).toEqual([first, second])
      expect(list[0].record).toMatchObject({ id: String(first), name: 'a', trigger_id: 'event-publish' })
      expect((await cache.forTrigger('event-publish'))[0].record).toBe(list[0].record)
      expect((await cache.byId(String(second)))?.record.name).toBe('c')
      expect(await cache.forTrigger('user-after-save')).toEqual([])
    })

    it('answers a trigger’s workflows by their saved position first (several workflows per trigger)', async () => {
      const late = await insertWorkflow(store.db, {
        uuid: 'late',
        name: 'late',
        trigger_id: 'event-publish',
        data: GRAPH,
        position: 1,
      })
      const early = await insertWorkflow(store.db, {
        uuid: 'early',
        name: 'early',
        trigger_id: 'event-publish',
        data: GRAPH,
        position: 0,
      })
      const cache = createWorkflowCache(store.db, { maxAgeMs: Number.POSITIVE_INFINITY })
      expect((await cache.forTrigger('event-publish')).map((workflow) => workflow.id)).toEqual([early, late])
    })

    it('reads the table again after invalidate()', async () => {
      const cache = createWorkflowCache(store.db, { maxAgeMs: Number.POSITIVE_INFINITY })
      expect(await cache.forTrigger('event-publish')).toHaveLength(0)
      await install(store, 'event-publish')
      expect(await cache.forTrigger('event-publish')).toHaveLength(0)
      cache.invalidate()
      expect(await cache.forTrigger('event-publish')).toHaveLength(1)
    })

    it('sees a change made by another process once the list is older than maxAgeMs', async () => {
      const cache = createWorkflowCache(store.db, { maxAgeMs: 1000, now: () => clock })
      expect(await cache.forTrigger('event-publish')).toHaveLength(0)
      await install(store, 'event-publish')
      clock = 999
      expect(await cache.forTrigger('event-publish')).toHaveLength(0)
      clock = 1000
      expect(await cache.forTrigger('event-publish')).toHaveLength(1)
    })

    it('does not keep a read that began before invalidate()', async () => {
      const cache = createWorkflowCache(store.db, { maxAgeMs: Number.POSITIVE_INFINITY })
      const stale = cache.forTrigger('event-publish')
      await install(store, 'event-publish')
      cache.invalidate()
      await stale
      expect(await cache.forTrigger('event-publish')).toHaveLength(1)
    })
  })
}
