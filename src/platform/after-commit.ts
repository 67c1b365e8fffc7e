/**
 * Work that must wait for a transaction's commit (issue #3): trigger sites reached inside a
 * transaction (an audit row's `log-after-save`) register their firing here, and it runs once the
 * transaction commits; a rollback drops it. Outside a transaction the work runs at once. This
 * keeps every trigger run off the transaction's connection (SQLite has one) and never fires a
 * trigger for a row that was rolled back. Issue #4's outbox replaces it with a queue row written
 * in the same transaction.
 *
 *   store.transaction(work) ─▶ work(trx) ─▶ afterCommit(trx, fire) ─▶ [queued]
 *                          └─ commit ─▶ run queued work ─▶ resolve
 */
import type { Transaction } from 'kysely'
import type { Executor, Schema, Store } from '../store/index.ts'

/** A store whose transactions run their after-commit work, and the way to register it. */
export interface AfterCommit {
  store: Store
  /** Runs `work` after `db`'s transaction commits, or now when `db` is not a transaction. */
  afterCommit(db: Executor, work: () => Promise<void>): Promise<void>
}

/** Wraps `store` so that work registered on its transactions runs after their commit. */
export function createAfterCommit(store: Store): AfterCommit {
  const pending = new Map<Transaction<Schema>, Array<() => Promise<void>>>()
  return {
    store: {
      ...store,
      async transaction(work) {
        let current: Transaction<Schema> | undefined
        try {
          const result = await store.transaction(async (trx) => {
            current = trx
            pending.set(trx, [])
            return work(trx)
          })
          for (const queued of pending.get(current!) ?? []) await queued()
          return result
        } finally {
          if (current) pending.delete(current)
        }
      },
    },
    async afterCommit(db, work) {
      const queue = db.isTransaction ? pending.get(db as Transaction<Schema>) : undefined
      if (queue) queue.push(work)
      else await work()
    },
  }
}
