/**
 * `afterReady`: wraps a platform service so that each of its (async) methods first waits for
 * the platform to be ready (settings loaded). Used by `create-platform.ts` and
 * `workflows/workflow-admin.ts`.
 */

type AnyMethod = (...args: any[]) => Promise<unknown>

/** `service` whose every (async) method first awaits `ready()`; other properties are copied as they are. */
export function afterReady<T extends object>(ready: () => Promise<void>, service: T): T {
  const wrapped: Record<string, unknown> = {}
  for (const [name, method] of Object.entries(service)) {
    wrapped[name] =
      typeof method === 'function'
        ? async (...args: unknown[]) => {
            await ready()
            return (method as AnyMethod).apply(service, args)
          }
        : method
  }
  return wrapped as T
}
