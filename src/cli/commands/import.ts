/**
 * `sluice import PATH`: imports MISP event JSON files, or a MISP feed directory (`manifest.json`
 * + `<uuid>.json`), as a pull (issue #3): every event goes through the normal event add and fires
 * `event-after-save-new-from-pull`. The store is the one `sluice serve` uses (`--data`, `--db`,
 * `SLUICE_DATA`, `SLUICE_DB`); the embedded data folder is locked while importing.
 *
 * Events published at their source are published here too, firing `event-publish`; one a blocking
 * workflow keeps unpublished is named on stderr (it is stored, so the exit code stays 0).
 *
 * Every file is read and parsed first: a file that is missing or not JSON stops the import before
 * anything is stored, naming the file (exit 2). Events refused by validation or by a blocking
 * workflow are listed by file; any of them makes the exit code 2.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { UserError } from '../../errors.ts'
import type { ImportDocument, ImportReport } from '../../platform/index.ts'
import { asSiteAdmin, type CommandOutput, STD_OUTPUT } from '../admin-session.ts'
import { readJsonFile } from '../read-json.ts'

/** Flags of `sluice import`. */
export interface ImportFlags {
  data?: string
  db?: string
  json?: boolean
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

function printReport(report: ImportReport, output: CommandOutput): void {
  for (const event of report.imported) {
    const state = event.published ? ', published' : ''
    output.out(`imported ${event.source}: event ${event.id} (${event.uuid})${state}\n`)
    if (event.publishErrors) {
      output.err(`not published ${event.source}: stopped by a blocking workflow: ${event.publishErrors.join(', ')}\n`)
    }
  }
  for (const event of report.skipped) output.out(`skipped ${event.source}: ${event.uuid}: ${event.reason}\n`)
  for (const event of report.failed) output.err(`failed ${event.source}: ${event.error}\n`)
  output.out(`${report.imported.length} imported, ${report.skipped.length} skipped, ${report.failed.length} failed\n`)
}

/** Runs the import; resolves with the exit code (0, or 2 when an event was refused). */
export async function importCommand(
  path: string,
  flags: ImportFlags,
  env: NodeJS.ProcessEnv = process.env,
  output: CommandOutput = STD_OUTPUT,
): Promise<number> {
  const documents = await readImportPath(path)
  return asSiteAdmin(flags, env, output, async (platform, actor) => {
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
  })
}
