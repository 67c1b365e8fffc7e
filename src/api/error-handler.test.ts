import type { FastifyRequest } from 'fastify'
import { describe, expect, it } from 'vitest'
import { ALREADY_IN_USE_MESSAGE, toMispError, uniqueViolation } from './error-handler.ts'

/** A request as the error handler reads it: its URL and, on a save route, the MISP action. */
function requestFor(url: string, misp?: { controller: string; action: string; model: string }): FastifyRequest {
  return { url, routeOptions: { config: misp ? { misp } : {} } } as unknown as FastifyRequest
}

// The shapes better-sqlite3 and pg give a unique-index violation.
const sqliteClash = Object.assign(new Error('UNIQUE constraint failed: tags.name'), {
  code: 'SQLITE_CONSTRAINT_UNIQUE',
})
const postgresClash = Object.assign(new Error('duplicate key value violates unique constraint "users_email_unique"'), {
  code: '23505',
  table: 'users',
  detail: 'Key (email)=(race@host.test) already exists.',
})

describe('uniqueViolation', () => {
  it('reads the table and column from SQLite’s and PostgreSQL’s errors', () => {
    expect(uniqueViolation(sqliteClash)).toEqual({ table: 'tags', column: 'name' })
    expect(uniqueViolation(postgresClash)).toEqual({ table: 'users', column: 'email' })
  })

  it('leaves every other error alone', () => {
    expect(uniqueViolation(new Error('UNIQUE constraint failed: tags.name'))).toBeUndefined()
    expect(uniqueViolation(Object.assign(new Error('x'), { code: '23503' }))).toBeUndefined()
    expect(uniqueViolation(null)).toBeUndefined()
  })
})

describe('toMispError', () => {
  it('answers a unique-index violation on a save route with MISP’s save failure naming the field, not a 500', () => {
    const request = requestFor('/admin/users/add', { controller: 'Users', action: 'add', model: 'User' })
    const { status, body, isUnexpected } = toMispError(postgresClash, request, 1024)
    expect([status, isUnexpected]).toEqual([403, false])
    expect(body).toMatchObject({
      saved: false,
      name: 'Could not add User',
      url: '/admin/users/add',
      errors: { User: { email: [ALREADY_IN_USE_MESSAGE] } },
    })
  })

  it('answers one elsewhere with 409 and the table’s field', () => {
    const { status, body } = toMispError(sqliteClash, requestFor('/workflowBlueprints/add?x=1'), 1024)
    expect(status).toBe(409)
    expect(body).toEqual({
      name: `tags.name: ${ALREADY_IN_USE_MESSAGE}`,
      message: `tags.name: ${ALREADY_IN_USE_MESSAGE}`,
      url: '/workflowBlueprints/add',
      errors: { tags: { name: [ALREADY_IN_USE_MESSAGE] } },
    })
  })

  it('still hides any other database error behind MISP’s generic 500', () => {
    const { status, body, isUnexpected } = toMispError(new Error('disk I/O error'), requestFor('/events/add'), 1024)
    expect([status, isUnexpected, body.message]).toEqual([500, true, 'An Internal Error Has Occurred.'])
  })
})
