/**
 * Refuses a NUL character (U+0000) anywhere in a request's path parameters, query string or JSON
 * body, keys included, with a 400 naming the field. PostgreSQL cannot store or compare text
 * holding one (it answered 500), and no MISP field has a use for it; SQLite would have stored it
 * silently. Runs before schema validation, so the answer has the validation failure's shape.
 */
import type { FastifyRequest } from 'fastify'

/** The message a field with a NUL character is refused with. */
export const NUL_CHARACTER_MESSAGE = 'must not contain a NUL character (\\u0000)'

/** A value met on the walk, with the key that led to it, for the pointer of a hit. */
interface Visit {
  value: unknown
  key: string
  parent: Visit | null
}

function pointerOf(visit: Visit): string {
  let path = ''
  for (let at: Visit | null = visit; at?.parent; at = at.parent)
    path = `/${at.key.replaceAll('~', '~0').replaceAll('/', '~1')}${path}`
  return path
}

/** The JSON pointer (`/Event/info`) of the first string or key in `value` holding a NUL, or undefined. */
export function nulCharacterPath(value: unknown): string | undefined {
  // Iterative: a deeply nested body must not exhaust the stack here. The pointer is only built
  // for a hit, since most bodies (events with thousands of attributes) have none.
  const pending: Visit[] = [{ value, key: '', parent: null }]
  while (pending.length > 0) {
    const visit = pending.pop()!
    if (typeof visit.value === 'string') {
      if (visit.value.includes('\u0000')) return pointerOf(visit)
    } else if (typeof visit.value === 'object' && visit.value !== null) {
      for (const key of Object.keys(visit.value)) {
        const inner: Visit = { value: (visit.value as Record<string, unknown>)[key], key, parent: visit }
        if (key.includes('\u0000')) return pointerOf(inner)
        pending.push(inner)
      }
    }
  }
  return undefined
}

/** A `preValidation` hook: throws a validation failure naming the first field with a NUL. */
export async function rejectNulCharacters(request: FastifyRequest): Promise<void> {
  const sources = [
    ['params', request.params],
    ['querystring', request.query],
    ['body', request.body],
  ] as const
  for (const [context, value] of sources) {
    const path = nulCharacterPath(value)
    if (path === undefined) continue
    throw Object.assign(new Error(`${context}${path} ${NUL_CHARACTER_MESSAGE}`), {
      statusCode: 400,
      validationContext: context,
      validation: [{ instancePath: path, message: NUL_CHARACTER_MESSAGE, params: {} }],
    })
  }
}
