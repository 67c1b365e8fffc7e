/** Reading `../shared/` material in place (never copied into the repository). */
import { readdirSync, readFileSync } from 'node:fs'

const SHARED = new URL('../../../shared/', import.meta.url)

/** Parses a JSON file under `shared/`. */
export function sharedJson<T = any>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, SHARED), 'utf8')) as T
}

/** Every MISP blueprint file, as `[file name, parsed JSON]`. */
export function blueprintFiles(): Array<[string, any]> {
  const folder = new URL('fixtures/misp-workflow-blueprints/', SHARED)
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => [name, JSON.parse(readFileSync(new URL(name, folder), 'utf8'))])
}

/** The OSINT Regin event (38 attributes), a fresh copy each call. */
export function reginEvent(): any {
  return sharedJson('fixtures/events/osint-regin-event.json')
}

/** MISP's PAP:RED/tlp:red blocking blueprint, among the shared blueprint files. */
export const PAP_RED_BLUEPRINT = 'blueprint_pap_red-and-tlp_red-blocking_1661328258.json'

/** The MISP blueprint file `name` (under fixtures/misp-workflow-blueprints/), parsed. */
export function blueprintFile(name: string): any {
  return sharedJson(`fixtures/misp-workflow-blueprints/${name}`)
}
