/**
 * A real platform over one test database, served on 127.0.0.1 with a site admin, for the
 * workflow API tests (test/api-workflows*.test.ts): `send` calls it with the admin's key.
 */
import { buildApp } from '../../src/api/index.ts'
import { bootstrap, createPlatform, type LocalPlatform } from '../../src/platform/index.ts'
import type { ModuleRegistry } from '../../src/modules/index.ts'
import type { Store } from '../../src/store/index.ts'
import type { TestDatabase } from './databases.ts'
import { type CallOptions, type CallResult, call } from './http.ts'

/** The site admin's API key in these tests. */
export const ADMIN_KEY = 'A'.repeat(40)

/** A served platform. */
export interface WorkflowApiServer {
  baseUrl: string
  platform: LocalPlatform
  store: Store
  /** Calls with the admin's key (or `options.key`). */
  send(method: string, path: string, options?: CallOptions): Promise<CallResult>
  close(): Promise<void>
}

/** Opens `db`, builds the platform (blueprints from `blueprintsDir`, modules of `registry`), bootstraps the admin and listens. */
export async function startWorkflowApi(
  db: TestDatabase,
  options: { blueprintsDir?: string; registry?: ModuleRegistry } = {},
): Promise<WorkflowApiServer> {
  const store = await db.open()
  const platform = createPlatform({ store, blueprintsDir: options.blueprintsDir, registry: options.registry })
  await bootstrap(platform, { adminKey: ADMIN_KEY })
  const app = buildApp({ platform })
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    baseUrl,
    platform,
    store,
    send: (method, path, callOptions = {}) => call(baseUrl, method, path, { key: ADMIN_KEY, ...callOptions }),
    async close() {
      await app.close()
      await platform.close()
      await store.close()
    },
  }
}
