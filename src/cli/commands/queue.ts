/**
 * `sluice queue retry [--all | ID…]` and `sluice queue discard [--all | ID…]`: what
 * `POST /sluice/queue/retry` and `/sluice/queue/discard` do (docs/queue.md "Dead jobs"), on the
 * store and queue `sluice serve` uses (`--data`, `--db`, `--queue` and their environment
 * variables), as its first site admin, written to the audit log. The command only changes the
 * queue: the jobs it puts back run in `sluice serve` (embedded) or the `sluice worker`s (BullMQ).
 * Ids as `GET /sluice/queue` lists them; one that names no dead job is not counted.
 */
import { UserError } from '../../errors.ts'
import { asSiteAdmin, type CommandOutput, STD_OUTPUT } from '../admin-session.ts'
import { openQueue, parseQueueUrl } from '../open-queue.ts'

/** Flags of `sluice queue retry|discard`. */
export interface QueueActionFlags {
  data?: string
  db?: string
  queue?: string
  /** Every dead job (instead of ids). */
  all?: boolean
}

/** What the command does to the dead jobs it names. */
export type DeadJobAction = 'retry' | 'discard'

/** Retries or discards dead jobs; resolves with the exit code (0; 2 for bad arguments). */
export async function queueActionCommand(
  action: DeadJobAction,
  ids: string[],
  flags: QueueActionFlags,
  env: NodeJS.ProcessEnv = process.env,
  output: CommandOutput = STD_OUTPUT,
): Promise<number> {
  const isAll = flags.all === true
  if (isAll ? ids.length > 0 : ids.length === 0) {
    output.err(`sluice queue ${action}: name dead jobs by id, or --all for every one (not both)\n`)
    return 2
  }
  const target = parseQueueUrl(flags.queue ?? (env.SLUICE_QUEUE || undefined))
  const openOnly = async (store: Parameters<typeof openQueue>[1]) => ({
    // This process runs none of the jobs: they wait for the server or the workers.
    queue: await openQueue(target, store, { concurrency: 1, onJobError: () => {} }),
    isWorker: false,
  })
  return asSiteAdmin(
    flags,
    env,
    output,
    async (platform, actor) => {
      if (!platform.deadJobs) throw new UserError('SLC_NOT_FOUND', 'This host has no queue.')
      const named = isAll ? undefined : ids
      if (action === 'retry') {
        const { retried } = await platform.deadJobs.retry(actor, named)
        output.out(`${retried} dead job${retried === 1 ? '' : 's'} put back in the queue\n`)
      } else {
        const { discarded } = await platform.deadJobs.discard(actor, named)
        output.out(`${discarded} dead job${discarded === 1 ? '' : 's'} discarded\n`)
      }
      return 0
    },
    openOnly,
  )
}
