/**
 * `sluice import PATH`: imports MISP event JSON files, or a MISP feed directory (`manifest.json`
 * + `<uuid>.json`), as a pull (issue #3): every event goes through the normal event add and fires
 * `event-after-save-new-from-pull`. The store is the one `sluice serve` uses (`--data`, `--db`,
 * `SLUICE_DATA`, `SLUICE_DB`); the embedded data folder is locked while importing.
 *
 * Every file is read and parsed first: a file that is missing or not JSON stops the import before
 * anything is stored, naming the file (exit 2). Events refused by validation or by a blocking
 * workflow are listed by file; any of them makes the exit code 2.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { UserError } from '../../errors.ts'
import type { Actor, ImportDocument, ImportReport } from '../../platform/index.ts'
import type { Store } from '../../store/index.ts'
import { acquireDataLock } from '../data-lock.ts'
import { readJsonFile } from '../read-json.ts'
import { resolveServeSettings } from './serve.ts'

/** Flags of `sluice import`. */
export interface ImportFlags {
  data?: string
  db?: string
  json?: boolean
}

/** Where to write what the command says (tests pass their own). */
export interface ImportOutput {
  out(text: string): void
  err(text: string): void
}

const STD_OUTPUT: ImportOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}

/** From this many events on, the command prints a progress line every tenth of the way. */
const PROGRESS_THRESHOLD = 20

/** The JSON files of PATH: the file itself, a feed's `<uuid>.json` in manifest order, or every `*.json`. */
export function importFiles(path: string): string[] {
  if (!existsSync(path)) throw new UserError('SLC_FILE_UNREADABLE', `Cannot read ${path}: no such file or directory`)
  if (!statSync(path).isDirectory()) return [path]
  const manifest = join(path, 'manifest.json')
  if (existsSync(manifest)) return [manifest]
  return readdirSync(path)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(path, name))
}

/** Reads every document of PATH; a feed's manifest names the event files to read. */
export async function readImportPath(path: string): Promise<ImportDocument[]> {
  const documents: ImportDocument[] = []
  for (const file of importFiles(path)) {
    const json = await readJsonFile(file)
    if (basename(file) !== 'manifest.json') {
      documents.push({ source: file, json })
      continue
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new UserError('SLC_BAD_JSON', `${file} is not a MISP feed manifest: expected an object keyed by event uuid`)
    }
    for (const uuid of Object.keys(json)) {
      const eventFile = join(path, `${uuid}.json`)
      documents.push({ source: eventFile, json: await readJsonFile(eventFile) })
    }
  }
  if (documents.length === 0) throw new UserError('SLC_FILE_UNREADABLE', `${path} holds no .json file to import`)
  return documents
}

/** The site admin the import runs as (the first one, as bootstrap created it). */
async function siteAdmin(db: Store['db']): Promise<Actor> {
  const row = await db
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .select(['users.id', 'users.org_id', 'users.email'])
    .where('roles.perm_site_admin', '=', 1)
    .orderBy('users.id')
    .executeTakeFirst()
  if (!row) throw new UserError('SLC_NOT_FOUND', 'The store has no site admin to import as.')
  return { userId: row.id, orgId: row.org_id, email: row.email, role: 'site_admin' }
}

function printReport(report: ImportReport, output: ImportOutput): void {
  for (const event of report.imported) output.out(`imported ${event.source}: event ${event.id} (${event.uuid})\n`)
  for (const event of report.skipped) output.out(`skipped ${event.source}: ${event.uuid}: ${event.reason}\n`)
  for (const event of report.failed) output.err(`failed ${event.source}: ${event.error}\n`)
  output.out(`${report.imported.length} imported, ${report.skipped.length} skipped, ${report.failed.length} failed\n`)
}

/** Runs the import; resolves with the exit code (0, or 2 when an event was refused). */
export async function importCommand(
  path: string,
  flags: ImportFlags,
  env: NodeJS.ProcessEnv = process.env,
  output: ImportOutput = STD_OUTPUT,
): Promise<number> {
  const documents = await readImportPath(path)
  const settings = resolveServeSettings({ data: flags.data, db: flags.db }, env)
  const isEmbedded = !/^postgres(ql)?:\/\//i.test(settings.dbUrl)
  mkdirSync(settings.dataDir, { recursive: true })
  const lock = isEmbedded ? acquireDataLock(settings.dataDir) : null
  const { openDatabase } = await import('../../store/index.ts')
  const { bootstrap, createPlatform } = await import('../../platform/index.ts')
  try {
    const store = await openDatabase(settings.dbUrl)
    const platform = createPlatform({ store })
    try {
      const { apiKey } = await bootstrap(platform, { adminKey: settings.adminKey })
      if (apiKey && apiKey !== settings.adminKey) output.out(`Site admin API key (shown once, keep it): ${apiKey}\n`)
      const actor = await siteAdmin(store.db)
      const step = Math.max(1, Math.ceil(documents.length / 10))
      const report = await platform.imports.importEvents(actor, documents, (done, total, source) => {
        if (total >= PROGRESS_THRESHOLD && (done % step === 0 || done === total)) {
          output.err(`[${done}/${total}] ${source}\n`)
        }
      })
      await platform.drain()
      if (flags.json) output.out(`${JSON.stringify(report, null, 2)}\n`)
      else printReport(report, output)
      return report.failed.length > 0 ? 2 : 0
    } finally {
      await platform.close()
      await store.close()
    }
  } finally {
    lock?.release()
  }
}
