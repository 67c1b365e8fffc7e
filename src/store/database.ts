/**
 * Opening the store: embedded SQLite (better-sqlite3, WAL) or PostgreSQL (pg Pool) behind one
 * Kysely instance, migrated at open (issue #3, ARCHITECTURE.md §3).
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type Transaction } from 'kysely'
import pg from 'pg'
import { OperationalError } from '../errors.ts'
import { migrateToLatest } from './migrate.ts'
import type { Schema } from './schema.ts'

/** The database kinds the store runs on. */
export type StoreDialect = 'sqlite' | 'postgres'

/** A query executor: the database or a transaction (repositories accept either). */
export type Executor = Kysely<Schema> | Transaction<Schema>

/** An open store. */
export interface Store {
  db: Kysely<Schema>
  dialect: StoreDialect
  /** For SQLite, the database file (null for `:memory:`). */
  file: string | null
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (trx: Transaction<Schema>) => Promise<T>): Promise<T>
  /** SQLite only: folds the WAL into the main file (`PRAGMA wal_checkpoint(TRUNCATE)`). */
  checkpoint(): Promise<void>
  close(): Promise<void>
}

/** Where an url points: a SQLite file (or memory) or a PostgreSQL connection string. */
export function parseDatabaseUrl(
  url: string,
): { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string } {
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: 'postgres', url }
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') : url
  return { dialect: 'sqlite', file: file === '' ? ':memory:' : file }
}

/** The database for messages and logs: the SQLite file, or the PostgreSQL URL without its password. */
export function describeDatabase(url: string): string {
  const target = parseDatabaseUrl(url)
  return target.dialect === 'sqlite' ? target.file : target.url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@')
}

/**
 * Opens (and migrates) the database at `url`: `sqlite:<path>`, a file path or `:memory:` for
 * SQLite (WAL, `busy_timeout` 5 s, foreign keys on), `postgres://…` for PostgreSQL.
 */
export async function openDatabase(url: string): Promise<Store> {
  const target = parseDatabaseUrl(url)
  let store: Store
  try {
    store = target.dialect === 'sqlite' ? openSqlite(target.file) : openPostgres(target.url)
  } catch (error) {
    throw new OperationalError(
      'SLC_DATABASE',
      `Could not open the database ${describeDatabase(url)}: ${(error as Error).message}`,
      error,
    )
  }
  try {
    await migrateToLatest(store.db, store.dialect)
  } catch (error) {
    await store.close()
    throw new OperationalError('SLC_DATABASE', `Database ${describeDatabase(url)}: ${(error as Error).message}`, error)
  }
  return store
}

/**
 * WAL pages (4 KB) between automatic checkpoints, per file. The price of fewer checkpoints: each
 * WAL file grows to about 40 MB before it is folded in (SQLite reuses it, it does not shrink),
 * reads look pages up in a longer WAL index, and the first open after a crash replays more.
 */
export const WAL_CHECKPOINT_PAGES = 10_000

function openSqlite(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const database = new BetterSqlite3(file)
  // The runtime tables (logs, workflow counters) live in a second file beside the data file.
  database.prepare('ATTACH DATABASE ? AS runtime').run(file === ':memory:' ? ':memory:' : runtimeFile(file))
  database.pragma('journal_mode = WAL')
  database.pragma('runtime.journal_mode = WAL')
  database.pragma('busy_timeout = 5000')
  database.pragma('foreign_keys = ON')
  // Per schema: without the second line the runtime file (run history, logs, counters) would
  // sync its WAL on every commit. NORMAL in WAL mode survives a process crash; only a power
  // loss can drop the last commits.
  database.pragma('synchronous = NORMAL')
  database.pragma('runtime.synchronous = NORMAL')
  // A checkpoint (WAL folded into the file, with an fsync of each) after every WAL_CHECKPOINT_PAGES
  // pages instead of SQLite's 1,000: a deferred run appends tens of pages to the WALs (its input,
  // its node data, the job and history index pages it touches), so the default checkpointed
  // every hundred runs or so; a page written again meanwhile (index and job pages) is copied once.
  database.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`)
  database.pragma(`runtime.wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`)
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) })
  return {
    db,
    dialect: 'sqlite',
    file: file === ':memory:' ? null : file,
    transaction: (work) => db.transaction().execute(work),
    async checkpoint() {
      // Kysely serialises use of the one connection; run the pragma through it so no query interleaves.
      await db.connection().execute(async () => {
        database.pragma('wal_checkpoint(TRUNCATE)')
      })
    },
    close: () => db.destroy(),
  }
}

/** How many prepared statements a SQLite store keeps (its queries are a few hundred distinct texts). */
const STATEMENT_CACHE_SIZE = 1000

/**
 * better-sqlite3 behind Kysely, preparing each distinct SQL text once: Kysely prepares every
 * query anew, which costs more than running it for the small queries of the platform. Kysely
 * runs one query at a time on the one connection, so a cached statement is never busy.
 */
function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>()
  return {
    close: () => void database.close(),
    prepare(sql: string) {
      let statement = statements.get(sql)
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear()
        statement = database.prepare(sql)
        statements.set(sql, statement)
      }
      return statement as unknown as ReturnType<SqliteDatabase['prepare']>
    },
  }
}

/** The SQLite file of the `runtime` schema for the data file `file`. */
export function runtimeFile(file: string): string {
  return `${file.replace(/\.db$/, '')}-runtime.db`
}

function openPostgres(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  // An idle pooled connection that the server ends (restart, pg_terminate_backend, a dropped
  // database) emits 'error' on the pool; unheard, that crashes the process. The pool drops that
  // connection and the next query opens a new one, so there is nothing else to do here.
  pool.on('error', () => {})
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) })
  return {
    db,
    dialect: 'postgres',
    file: null,
    transaction: (work) => db.transaction().execute(work),
    async checkpoint() {},
    close: () => db.destroy(),
  }
}
