/**
 * Running one conformance vector from `conformance/hashpath-vectors.json` or
 * `hashpath-combine-vectors.json` (spec/HASHPATH.md §13). Pure: the caller reads the files.
 */
import { check } from './check.ts'
import { type CombinePath, combine } from './combine.ts'
import { type ExtractPath, extract } from './extract.ts'
import { type GetPath, get } from './get.ts'
import { insert } from './insert.ts'
import { remove } from './remove.ts'

/** One conformance vector as stored in the vector files (spec/HASHPATH.md §13). */
export interface HashpathVector {
  name: string
  op: 'extract' | 'get' | 'insert' | 'remove' | 'check' | 'combine'
  data: unknown
  path?: unknown
  value?: unknown
  default?: unknown
  keyPath?: unknown
  valuePath?: unknown
  groupPath?: unknown
  expected: unknown
  expected_error?: string
  js_key_order_differs?: boolean
}

/** The outcome of one vector: `ok`, or a message saying what differed. */
export interface VectorResult {
  ok: boolean
  message?: string
}

/**
 * Run `vector` and compare the JSON-serialised result with `expected`. Key order must match too,
 * unless the vector says `js_key_order_differs` (PHP order that plain JS objects cannot keep);
 * then objects compare with sorted keys and lists as multisets. `expected_error` vectors must throw.
 */
export function runHashpathVector(vector: HashpathVector): VectorResult {
  let actual: unknown
  try {
    actual = runOp(vector)
  } catch (e) {
    if (vector.expected_error !== undefined) return { ok: true }
    return { ok: false, message: `threw unexpectedly: ${(e as Error).message}` }
  }
  if (vector.expected_error !== undefined) {
    return { ok: false, message: `expected ${vector.expected_error}, got ${JSON.stringify(actual)}` }
  }
  const got = actual === undefined ? 'undefined' : JSON.stringify(actual)
  const want = JSON.stringify(vector.expected)
  if (got === want) return { ok: true }
  if (vector.js_key_order_differs && got !== 'undefined' && canonical(JSON.parse(got)) === canonical(vector.expected)) {
    return { ok: true }
  }
  return { ok: false, message: `expected ${want}\n     got ${got}` }
}

function runOp(v: HashpathVector): unknown {
  switch (v.op) {
    case 'extract':
      return extract(v.data, v.path as ExtractPath)
    case 'get':
      return 'default' in v ? get(v.data, v.path as GetPath, v.default) : get(v.data, v.path as GetPath)
    case 'insert':
      return insert(v.data, v.path as string, v.value)
    case 'remove':
      return remove(v.data, v.path as string)
    case 'check':
      return check(v.data, v.path as ExtractPath)
    case 'combine':
      return combine(v.data, v.keyPath as CombinePath, v.valuePath as CombinePath, v.groupPath as string | null)
  }
}

// Order-insensitive form: object keys sorted, list elements sorted by their canonical text.
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).sort().join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
    return `{${entries.join(',')}}`
  }
  return JSON.stringify(value)
}
