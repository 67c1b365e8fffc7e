import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Store } from '../store/index.ts'
import { createAfterCommit } from './after-commit.ts'

describe('createAfterCommit', () => {
  let raw: Store
  beforeEach(async () => {
    raw = await openDatabase(':memory:')
  })
  afterEach(async () => {
    await raw.close()
  })

  it('runs work registered in a transaction after its commit, when the row is visible', async () => {
    const { store, afterCommit } = createAfterCommit(raw)
    const seen: number[] = []
    await store.transaction(async (trx) => {
      await trx.insertInto('settings').values({ name: 'a', value: '1' }).execute()
      await afterCommit(trx, async () => {
        seen.push((await raw.db.selectFrom('settings').selectAll().execute()).length)
      })
      expect(seen).toEqual([])
    })
    expect(seen).toEqual([1])
  })

  it('drops the work of a transaction that rolls back', async () => {
    const { store, afterCommit } = createAfterCommit(raw)
    let ran = false
    await expect(
      store.transaction(async (trx) => {
        await afterCommit(trx, async () => {
          ran = true
        })
        throw new Error('rollback')
      }),
    ).rejects.toThrow('rollback')
    expect(ran).toBe(false)
  })

  it('runs work at once outside a transaction', async () => {
    const { afterCommit } = createAfterCommit(raw)
    let ran = false
    await afterCommit(raw.db, async () => {
      ran = true
    })
    expect(ran).toBe(true)
  })
})
