/**
 * The databases store and platform tests run on, the Kysely way (STYLE.md "Tests"):
 * ``for (const db of testDatabases()) describe(`${db.name}: …`, …)``. SQLite always, in a temp
 * file so WAL is real; PostgreSQL when `TEST_DATABASE_URL` is set, in a fresh database per
 * `open()` that is dropped on close.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openDatabase, type Store } from '../../src/store/index.ts'

/** One database kind to run a test body against. */
export interface TestDatabase {
  name: 'sqlite' | 'postgres'
  open(): Promise<Store>
}

let warned = false

/** SQLite, plus PostgreSQL when `TEST_DATABASE_URL` is set (logged once when it is not). */
export function testDatabases(): TestDatabase[] {
  const databases: TestDatabase[] = [{ name: 'sqlite', open: openTempSqlite }]
  const adminUrl = process.env.TEST_DATABASE_URL
  if (adminUrl) databases.push({ name: 'postgres', open: () => openFreshPostgres(adminUrl) })
  else if (!warned) {
    warned = true
    console.info('TEST_DATABASE_URL is not set: PostgreSQL store tests are skipped')
  }
  return databases
}

async function openTempSqlite(): Promise<Store> {
  const folder = mkdtempSync(join(tmpdir(), 'sluice-test-'))
  const store = await openDatabase(`sqlite:${join(folder, 'sluice.db')}`)
  const close = store.close
  return {
    ...store,
    async close() {
      await close()
      rmSync(folder, { recursive: true, force: true })
    },
  }
}

/** Runs one statement on the PostgreSQL server at `adminUrl` (CREATE/DROP DATABASE). */
export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

async function openFreshPostgres(adminUrl: string): Promise<Store> {
  const name = `sluice_t_${Math.random().toString(36).slice(2, 12)}`
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const store = await openDatabase(url.toString())
  const close = store.close
  return {
    ...store,
    async close() {
      await close()
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}
