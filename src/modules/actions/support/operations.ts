/**
 * Reaching the host's data operations from an action module (spec/ENGINE.md §4.3): a module
 * whose operation the host lacks fails with a node error naming it, never a silent success.
 */
import type { DataOperations, ModuleContext } from '../../../engine/index.ts'

/** The operation `name` of the context's backend, bound to it; throws when the host has none. */
export function requireOperation<K extends keyof DataOperations>(
  ctx: Pick<ModuleContext, 'backend'>,
  name: K,
): NonNullable<DataOperations[K]> {
  const backend = ctx.backend
  const operation = backend?.[name]
  if (typeof operation !== 'function') {
    throw new Error(`this host cannot perform \`${name}\`: its data backend does not offer it`)
  }
  return (operation as (...args: unknown[]) => unknown).bind(backend) as NonNullable<DataOperations[K]>
}
