/**
 * CakePHP's URL conventions, as MISP's workflow controllers read them (spec/ENGINE.md §6.1):
 * `/<controller>/<action>/<pass1>/<pass2>/<name>:<value>…`, an optional `.json` extension on
 * the last segment, and named parameters instead of a query string.
 *
 *   /workflows/triggers/scope:event/enabled:1.json
 *      action "triggers", pass [], named {scope: "event", enabled: "1"}, ext "json"
 */

/** A parsed CakePHP path after the controller. */
export interface CakePath {
  action: string
  pass: string[]
  named: Record<string, string>
  ext: string | null
}

const NAMED = /^([A-Za-z_][A-Za-z0-9_]*):(.*)$/s

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** Parses what follows `/<controller>/` (without the query string); an empty action is `index`. */
export function parseCakePath(rest: string): CakePath {
  const segments = rest.split('/').filter((segment) => segment !== '')
  let ext: string | null = null
  const last = segments.length - 1
  if (last >= 0) {
    const match = /^(.*)\.(json)$/i.exec(segments[last])
    if (match) {
      segments[last] = match[1]
      ext = match[2].toLowerCase()
    }
  }
  const action = decode(segments.shift() ?? '') || 'index'
  const pass: string[] = []
  const named: Record<string, string> = {}
  for (const segment of segments) {
    const text = decode(segment)
    const match = NAMED.exec(text)
    if (match && match[1] !== '__proto__') named[match[1]] = match[2]
    else pass.push(text)
  }
  return { action, pass, named, ext }
}

/** Named parameters merged over the scalar fields of a JSON body (named parameters win). */
export function filtersOf(named: Record<string, string>, body: unknown): Record<string, string> {
  const filters: Record<string, string> = {}
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    for (const [key, value] of Object.entries(body)) {
      if (['string', 'number', 'boolean'].includes(typeof value))
        filters[key] = String(value === true ? 1 : value === false ? 0 : value)
    }
  }
  return { ...filters, ...named }
}
