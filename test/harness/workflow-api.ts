/**
 * A real platform over one test database, served on 127.0.0.1 with a site admin, for the
 * workflow API tests (test/api-workflows*.test.ts): `serveTestPlatform` with this file's admin
 * key, and a `send` that takes `call`'s options.
 */
import type { LocalPlatform } from '../../src/platform/index.ts'
import type { ModuleRegistry } from '../../src/modules/index.ts'
import type { Store } from '../../src/store/index.ts'
import type { TestDatabase } from './databases.ts'
import { type CallOptions, type CallResult, call } from './http.ts'
import { serveTestPlatform } from './test-platform.ts'

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
  const served = await serveTestPlatform(db, { ...options, adminKey: ADMIN_KEY })
  const { baseUrl } = served.app
  return {
    baseUrl,
    platform: served.platform,
    store: served.store,
    send: (method, path, callOptions = {}) => call(baseUrl, method, path, { key: ADMIN_KEY, ...callOptions }),
    close: served.close,
  }
}
