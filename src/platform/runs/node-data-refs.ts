/**
 * Node data recorded by reference (docs/runs.md "Node data by reference"). Most nodes of a run
 * see the data the walk started with: the trigger's normalisation of the run's input (a logic
 * node passes it on unchanged), or a deferred walk's input itself. Copying that view into every
 * run row cost more than the run (bench/publish.ts, bench/deferred.ts); when it follows from the
 * recorded input alone, the row keeps a reference instead and the run view derives it again:
 *
 *   stored entry  {nodeId, …, dataFrom: 'normalisedInput', dataCap: 16384}
 *   read          boundedCopy(trigger.normalise(JSON.parse(input)), 16384) ─▶ dataIn, dataTruncated
 *
 * which is the copy the recorder would have stored. A view that shares most of the start data
 * (a filter's: the same event with one collection cut down) is stored as a patch on it
 * (`dataPatch`, `ViewPatch` below), rebuilt on the derived start data before it is cut. An
 * entry holding a copy points into `node_data` with `dataRef` as before; rows written before
 * references existed have no `dataFrom`, so they read as they always did.
 */

/**
 * Where a referenced view comes from: the run's recorded input itself (a deferred walk), or the
 * normalisation of that input by the run's trigger (`triggerId` of the row).
 */
export type DataSource = 'input' | 'normalisedInput'

/** A stored trace entry's reference to a derived view (instead of `dataRef`). */
export interface DataReference {
  dataFrom: DataSource
  /** The cap the view is cut at (`boundedCopy`), as it was when the run was recorded. */
  dataCap: number
  /** The view is not the start data but a patch on it (`ViewPatch`), stored at this index of `node_data`. */
  dataPatch?: number
}

/** Whether a stored trace entry refers to a derived view. */
export function isDataReference(entry: Record<string, unknown>): entry is Record<string, unknown> & DataReference {
  return (entry.dataFrom === 'input' || entry.dataFrom === 'normalisedInput') && typeof entry.dataCap === 'number'
}

/**
 * Whether `value` is plain JSON data: plain objects and arrays of strings, finite numbers,
 * booleans and null. Only then is the input the history stores (`JSON.stringify`) read back as
 * the very same data, so that normalising it again gives what the run saw: `undefined`, a
 * `Date`, `NaN` or a class instance would come back different, or not at all.
 */
export function isPlainJson(value: unknown): boolean {
  return plainJsonBytes(value, Number.POSITIVE_INFINITY) >= 0
}

/**
 * A view stored as its difference from the start data (`dataPatch`, an index into `node_data`):
 * a node after a filter sees a copy of the start data with one collection cut down and a few
 * keys added, and shares everything else with it by reference. The patch says, from the top:
 *
 *   ["="]                         the start data's value at this place
 *   ["^"]                         the start data itself (a filter keeps it as `_unfilteredData`)
 *   ["v", value]                  this JSON value
 *   ["o", {key: patch…}, [keys]?] an object: the keys listed (absent: the start data's keys here,
 *                                 in their order), each the start data's value unless patched
 *   ["a", length, {index: patch…}] an array, likewise
 *
 * The view is rebuilt whole from the derived start data and then cut at the cap, so the result
 * is the copy the recorder would have stored.
 */
export type ViewPatch =
  | readonly ['=']
  | readonly ['^']
  | readonly ['v', unknown]
  | readonly ['o', Record<string, ViewPatch>, string[]?]
  | readonly ['a', number, Record<string, ViewPatch>]

const SAME: ViewPatch = ['=']
const ROOT: ViewPatch = ['^']

/** How much a patch may hold before a copy is the better choice. */
interface PatchBudget {
  /** Bytes of JSON (about) it may hold. */
  bytes: number
  /** Keys and items it may look at: comparing costs even where nothing differs. */
  steps: number
}

/**
 * `view` as a patch on `start`, or undefined when it would hold more than about `capBytes` of
 * values (a copy cut at the cap is then smaller), or a value JSON would not give back as it is.
 * Walks only where `view` does not share the start data's objects.
 */
export function viewPatch(view: unknown, start: unknown, capBytes: number): ViewPatch | undefined {
  const budget = { bytes: capBytes, steps: 10_000 }
  const patch = patchOf(view, start, start, budget)
  return patch !== undefined && budget.bytes >= 0 ? patch : undefined
}

function patchOf(view: unknown, base: unknown, start: unknown, budget: PatchBudget): ViewPatch | undefined {
  if (view === base) return SAME
  if (view === start) return ROOT
  if (typeof view === 'object' && view !== null && typeof base === 'object' && base !== null) {
    // Each object or array of the patch costs its own few bytes, its key besides (charged by the caller's loop).
    budget.bytes -= 12
    if (budget.bytes < 0) return undefined
    const prototype = Object.getPrototypeOf(view)
    const baseAt = base as Record<string, unknown>
    if (prototype === Array.prototype) {
      const list = view as unknown[]
      budget.steps -= list.length
      if (budget.steps < 0) return undefined
      const changes: Record<string, ViewPatch> = Object.create(null)
      for (let index = 0; index < list.length; index++) {
        if (list[index] === baseAt[index] && index in list) continue
        const patch = patchOf(list[index], baseAt[index], start, budget)
        if (patch === undefined) return undefined
        budget.bytes -= String(index).length + 4
        changes[index] = patch
      }
      return ['a', list.length, changes]
    }
    if (prototype === Object.prototype || prototype === null) {
      const record = view as Record<string, unknown>
      const keys = Object.keys(record)
      budget.steps -= keys.length
      if (budget.steps < 0) return undefined
      // No prototype: a `__proto__` key is a change like any other.
      const changes: Record<string, ViewPatch> = Object.create(null)
      for (const key of keys) {
        if (record[key] === baseAt[key] && Object.hasOwn(base, key)) continue
        const patch = patchOf(record[key], Object.hasOwn(base, key) ? baseAt[key] : undefined, start, budget)
        if (patch === undefined) return undefined
        budget.bytes -= key.length + 4
        changes[key] = patch
      }
      const isBaseOrder = Object.getPrototypeOf(base) !== Array.prototype && sameKeys(keys, Object.keys(base))
      if (isBaseOrder) return ['o', changes]
      for (const key of keys) budget.bytes -= key.length + 3
      return budget.bytes < 0 ? undefined : ['o', changes, keys]
    }
  }
  const bytes = plainJsonBytes(view, budget.bytes)
  if (bytes < 0) return undefined
  budget.bytes -= bytes
  return ['v', view]
}

function sameKeys(keys: string[], baseKeys: string[]): boolean {
  if (keys.length !== baseKeys.length) return false
  for (let index = 0; index < keys.length; index++) if (keys[index] !== baseKeys[index]) return false
  return true
}

/**
 * About how many bytes of JSON `value` is, if it is plain JSON (isPlainJson) of at most `limit`;
 * else -1. A hole in an array fails, as JSON would write null.
 */
function plainJsonBytes(value: unknown, limit: number): number {
  if (limit < 0) return -1
  switch (typeof value) {
    case 'string':
      return value.length + 2
    case 'boolean':
      return 5
    case 'number':
      return Number.isFinite(value) ? 8 : -1
    case 'object': {
      if (value === null) return 4
      const prototype = Object.getPrototypeOf(value)
      const isList = prototype === Array.prototype
      if (!isList && prototype !== Object.prototype && prototype !== null) return -1
      let total = 2
      const record = value as Record<string, unknown>
      const keys = isList ? null : Object.keys(record)
      const length = isList ? (value as unknown[]).length : keys!.length
      for (let index = 0; index < length; index++) {
        const key = keys ? keys[index]! : index
        if (keys === null && !(index in record)) return -1
        const bytes = plainJsonBytes(record[key], limit - total)
        if (bytes < 0) return -1
        total += bytes + (keys ? String(key).length + 4 : 1)
      }
      return total <= limit ? total : -1
    }
    default:
      return -1
  }
}

/** The view `patch` describes, rebuilt on `base` (the start data at this place) and the start data `start`. */
export function patchedView(patch: ViewPatch, base: unknown, start: unknown): unknown {
  switch (patch[0]) {
    case '=':
      return base
    case '^':
      return start
    case 'v':
      return patch[1]
    case 'a': {
      const [, length, changes] = patch
      const baseAt = (typeof base === 'object' && base !== null ? base : {}) as Record<string, unknown>
      return Array.from({ length }, (_, index) =>
        Object.hasOwn(changes, index) ? patchedView(changes[index]!, baseAt[index], start) : baseAt[index],
      )
    }
    case 'o': {
      const [, changes, listed] = patch
      const baseAt = (typeof base === 'object' && base !== null ? base : {}) as Record<string, unknown>
      const keys = listed ?? Object.keys(baseAt)
      // fromEntries defines own properties, a `__proto__` key included.
      return Object.fromEntries(
        keys.map((key) => [
          key,
          Object.hasOwn(changes, key) ? patchedView(changes[key]!, baseAt[key], start) : baseAt[key],
        ]),
      )
    }
  }
}

/** Whether `value` has the shape of a stored patch (read from `node_data`). */
export function isViewPatch(value: unknown): value is ViewPatch {
  return Array.isArray(value) && ['=', '^', 'v', 'o', 'a'].includes(value[0])
}
