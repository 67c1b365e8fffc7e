/**
 * The `log-after-save` trigger site (spec/ENGINE.md §2.12, §4.1.1): every audit row the platform
 * stores fires it, non-blocking, through the trigger dispatcher, except rows of the `Log` and
 * `Workflow` models. The engine's own rows use model `Workflow`, so a workflow on this trigger
 * never re-triggers itself through its execution logs; and a row written for an actor whose
 * causal chain already holds `log-after-save` (an action of such a workflow) does not fire it
 * again (docs/differences-from-misp.md, "Loops").
 */
import type { Insertable } from 'kysely'
import type { Executor, LogTable } from '../../store/index.ts'
import type { RunChain } from '../runs/run-chain.ts'
import type { TriggerDispatcher } from '../triggers/trigger-dispatcher.ts'

/** The trigger id. */
export const LOG_AFTER_SAVE = 'log-after-save'

/** Models whose log rows never fire `log-after-save` (MISP's `Log::afterSave` guard). */
const SILENT_MODELS: readonly string[] = ['Log', 'Workflow']

/** Whether a row of `model`, written for an actor with causal `chain`, fires `log-after-save`. */
export function firesLogAfterSave(model: string, chain?: RunChain): boolean {
  return !SILENT_MODELS.includes(model) && !(chain ?? []).some((link) => link.triggerId === LOG_AFTER_SAVE)
}

/**
 * The raw data of `log-after-save` for a stored row: `{Log: {id, org, email, user_id, action,
 * title, change, model, model_id, created, description, ip, request_is_rest}}` (§4.1.1), ids as
 * strings the way MISP's saved data holds them after the insert.
 */
export function logAfterSaveData(id: number, row: Insertable<LogTable>, isRest: boolean) {
  return {
    Log: {
      id: String(id),
      org: row.org ?? '',
      email: row.email ?? '',
      user_id: String(row.user_id ?? 0),
      action: row.action,
      title: row.title ?? '',
      change: row.change ?? '',
      model: row.model,
      model_id: String(row.model_id ?? 0),
      created: row.created,
      description: row.description ?? '',
      ip: row.ip ?? '',
      request_is_rest: isRest,
    },
  }
}

/**
 * Fires `log-after-save` for the stored row `id` (nothing for silent models or inside a
 * `log-after-save` chain). The run is queued, not awaited: pass the transaction that wrote the
 * row as `db` and the job commits with it.
 */
export async function fireLogAfterSave(
  dispatcher: Pick<TriggerDispatcher, 'fire'>,
  id: number,
  row: Insertable<LogTable>,
  options: { isRest?: boolean; chain?: RunChain; db?: Executor } = {},
): Promise<void> {
  if (!firesLogAfterSave(row.model, options.chain)) return
  await dispatcher.fire(LOG_AFTER_SAVE, logAfterSaveData(id, row, options.isRest === true), undefined, {
    isRawTransferred: true,
    chain: options.chain,
    db: options.db,
  })
}
