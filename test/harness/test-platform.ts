/**
 * A real platform over one test database with its site admin bootstrapped, the set-up most
 * platform and HTTP tests start from: `openTestPlatform` (the platform alone) and
 * `serveTestPlatform` (the same, served on 127.0.0.1 by `startApp`), and their recording variants
 * `openRecordingPlatform` / `serveRecordingPlatform` whose triggers record what they receive
 * (`recordingRegistry`). `close()` undoes it in order: app, platform, store.
 */
import {
  type Actor,
  bootstrap,
  createPlatform,
  type LocalPlatform,
  type PlatformOptions,
} from '../../src/platform/index.ts'
import { isPlainJson } from '../../src/platform/runs/node-data-refs.ts'
import type { Store } from '../../src/store/index.ts'
import type { TestDatabase } from './databases.ts'
import { type CallResult, call, type RunningApp, startApp } from './http.ts'
import { type Recorded, recordingRegistry } from './trigger-recorder.ts'

/** `createPlatform`'s options other than the store, plus the site admin's key (generated when omitted). */
export type TestPlatformOptions = Omit<PlatformOptions, 'store'> & { adminKey?: string }

/** An open platform, its store and its site admin. */
export interface TestPlatform {
  store: Store
  platform: LocalPlatform
  /** The bootstrapped site admin. */
  admin: Actor
  /** The site admin's API key. */
  adminKey: string
  close(): Promise<void>
}

/** Opens `db`, creates a platform over it and bootstraps the site admin. */
export async function openTestPlatform(db: TestDatabase, options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const { adminKey: chosenKey, ...platformOptions } = options
  const store = await db.open()
  const platform = createPlatform({ store, ...platformOptions })
  const { apiKey } = await bootstrap(platform, chosenKey === undefined ? {} : { adminKey: chosenKey })
  const adminKey = (chosenKey ?? apiKey) as string
  const admin = (await platform.users.authenticate(adminKey))!
  return {
    store,
    platform,
    admin,
    adminKey,
    async close() {
      await platform.close()
      await store.close()
    },
  }
}

/** A test platform served over HTTP. */
export interface ServedTestPlatform extends TestPlatform {
  app: RunningApp
  /** Calls the app with a JSON `body` and the site admin's key, or `key`. */
  send(method: string, path: string, body?: unknown, key?: string): Promise<CallResult>
}

/** `openTestPlatform`, then the app over it listening on 127.0.0.1 (`startApp`). */
export async function serveTestPlatform(
  db: TestDatabase,
  options: TestPlatformOptions = {},
): Promise<ServedTestPlatform> {
  const opened = await openTestPlatform(db, options)
  const app = await startApp(opened.platform)
  return {
    ...opened,
    app,
    send: (method, path, body, key = opened.adminKey) => call(app.baseUrl, method, path, { key, body }),
    async close() {
      await app.close()
      await opened.close()
    },
  }
}

/** A test platform whose triggers record into `records`. */
export interface RecordingPlatform extends TestPlatform {
  records: Recorded[]
}

/** A served test platform whose triggers record into `records`. */
export interface ServedRecordingPlatform extends ServedTestPlatform {
  records: Recorded[]
}

/**
 * `open` (`openTestPlatform` or `serveTestPlatform`) over `recordingRegistry(records, triggerIds)`,
 * with the records. `close()` fails the test when a site gave away raw data that is not plain JSON.
 */
async function withRecords<T extends TestPlatform>(
  open: (db: TestDatabase, options: TestPlatformOptions) => Promise<T>,
  db: TestDatabase,
  triggerIds: readonly string[],
  options: Omit<TestPlatformOptions, 'registry'>,
): Promise<T & { records: Recorded[] }> {
  const records: Recorded[] = []
  const opened = await open(db, { ...options, registry: recordingRegistry(records, triggerIds) })
  // A site that gives its data away promises plain JSON (FireOptions.isRawTransferred): the
  // run history and the queue's handoff rely on it, so every recording test holds the sites to it.
  const notPlainJson: string[] = []
  const { dispatcher } = opened.platform
  const fire = dispatcher.fire.bind(dispatcher)
  dispatcher.fire = (triggerId, raw, logging, fireOptions) => {
    if (fireOptions?.isRawTransferred && !isPlainJson(raw)) notPlainJson.push(triggerId)
    return fire(triggerId, raw, logging, fireOptions)
  }
  return {
    ...opened,
    records,
    async close() {
      await opened.close()
      if (notPlainJson.length > 0) throw new Error(`Trigger data that is not plain JSON: ${notPlainJson.join(', ')}`)
    },
  }
}

/** Opens a test platform (`openTestPlatform`) whose `triggerIds` record what they receive. */
export function openRecordingPlatform(
  db: TestDatabase,
  triggerIds: readonly string[],
  options: Omit<TestPlatformOptions, 'registry'> = {},
): Promise<RecordingPlatform> {
  return withRecords(openTestPlatform, db, triggerIds, options)
}

/** Serves a test platform (`serveTestPlatform`) whose `triggerIds` record what they receive. */
export function serveRecordingPlatform(
  db: TestDatabase,
  triggerIds: readonly string[],
  options: Omit<TestPlatformOptions, 'registry'> = {},
): Promise<ServedRecordingPlatform> {
  return withRecords(serveTestPlatform, db, triggerIds, options)
}
