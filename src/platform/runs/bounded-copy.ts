/**
 * A size-capped copy of the data a node saw, for the run history (docs/runs.md). Serialising a
 * whole event to cut it afterwards costs as much as the run (a 38-attribute event in the core
 * format is about 90 KB of JSON); this copy walks the data only until its budget of JSON bytes
 * is spent, so its cost follows the cap, not the data. What is left out is marked in place, so
 * the copy stays browsable JSON:
 *
 *   {"Event": {"info": "…", "Attribute": [{…}, {…}, "… 36 more items"], "…": "3 more keys"}}
 */

/** The key that marks an object whose remaining keys did not fit. */
export const TRUNCATED_KEY = '…'

/** A copy of `value` of about `capBytes` bytes of JSON at most, and whether anything was left out. */
export function boundedCopy(value: unknown, capBytes: number): { value: unknown; isTruncated: boolean } {
  const state = { budget: capBytes, isTruncated: false }
  return { value: copy(value, state), isTruncated: state.isTruncated }
}

interface Budget {
  budget: number
  isTruncated: boolean
}

function copy(value: unknown, state: Budget): unknown {
  switch (typeof value) {
    case 'string': {
      // One long string (an attachment's base64) is cut too, keeping at least a readable start.
      const room = Math.max(state.budget, 64)
      if (value.length <= room) {
        state.budget -= value.length + 2
        return value
      }
      state.budget = 0
      state.isTruncated = true
      return `${value.slice(0, room)}… (${value.length - room} more characters)`
    }
    case 'number':
    case 'boolean':
      state.budget -= 5
      return value
    case 'object':
      if (value === null) {
        state.budget -= 4
        return null
      }
      return Array.isArray(value) ? copyArray(value, state) : copyObject(value as Record<string, unknown>, state)
    default:
      // undefined, functions and symbols: JSON leaves them out (or writes null in arrays).
      return undefined
  }
}

function copyArray(list: unknown[], state: Budget): unknown[] {
  const result: unknown[] = []
  state.budget -= 2
  for (let index = 0; index < list.length; index++) {
    if (state.budget <= 0) {
      state.isTruncated = true
      result.push(`… ${list.length - index} more items`)
      break
    }
    const item = copy(list[index], state)
    result.push(item === undefined ? null : item)
    state.budget -= 1
  }
  return result
}

function copyObject(record: Record<string, unknown>, state: Budget): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  state.budget -= 2
  const keys = Object.keys(record)
  for (let index = 0; index < keys.length; index++) {
    if (state.budget <= 0) {
      state.isTruncated = true
      result[TRUNCATED_KEY] = `${keys.length - index} more keys`
      break
    }
    const key = keys[index]
    state.budget -= key.length + 4
    const item = copy(record[key], state)
    if (item !== undefined) result[key] = item
  }
  return result
}
