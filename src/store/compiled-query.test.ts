import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { testDatabases } from '../../test/harness/databases.ts'
import { compiledQuery } from './compiled-query.ts'
import type { Executor, Store } from './database.ts'
import { insertOrganisation } from './organisation-repository.ts'

const byName = compiledQuery((db: Executor, name: string) =>
  db.selectFrom('organisations').select(['name', 'local']).where('name', '=', name).where('local', '=', 1),
)
const byIds = compiledQuery((db: Executor, ...ids: number[]) =>
  db.selectFrom('organisations').select('name').where('id', 'in', ids).orderBy('name'),
)

for (const db of testDatabases()) {
  describe(`${db.name}: compiledQuery`, () => {
    let store: Store
    const ids: number[] = []
    beforeEach(async () => {
      store = await db.open()
      ids.length = 0
      for (const [name, local] of [
        ['A', 1],
        ['B', 0],
        ['C', 1],
      ] as const) {
        ids.push(await insertOrganisation(store.db, { name, uuid: `uuid-${name}`, local }))
      }
    })
    afterEach(() => store.close())

    it('runs with each call’s arguments and keeps the query’s own constants', async () => {
      expect(await byName(store.db, 'A')).toEqual([{ name: 'A', local: 1 }])
      expect(await byName(store.db, 'B')).toEqual([])
      expect(await byName(store.db, 'C')).toEqual([{ name: 'C', local: 1 }])
    })

    it('compiles a list argument once per length', async () => {
      expect(await byIds(store.db, ids[0])).toEqual([{ name: 'A' }])
      expect(await byIds(store.db, ids[2], ids[1])).toEqual([{ name: 'B' }, { name: 'C' }])
      expect(await byIds(store.db, ids[1])).toEqual([{ name: 'B' }])
      expect(await byIds(store.db, ...ids)).toHaveLength(3)
    })

    it('runs inside a transaction and sees its uncommitted rows', async () => {
      await store.transaction(async (trx) => {
        await insertOrganisation(trx, { name: 'D', uuid: 'uuid-D', local: 1 })
        expect(await byName(trx, 'D')).toEqual([{ name: 'D', local: 1 }])
      })
    })
  })
}
