/**
 * Every error becomes MISP's error body (`{name, message, url, errors?}`) with MISP's status
 * (ARCHITECTURE.md §1 "REST", issue #3): validation problems name the field in MISP's
 * `errors: {<Model>: {<field>: [<message>]}}` shape, unknown records answer 404, refusals 403,
 * a value a unique index already holds (two saves of it at once) the save failure naming the
 * field, and anything unexpected a generic 500 whose detail goes to the log, never to the client.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { type ErrorCode, hasErrorCode } from '../errors.ts'
import {
  exceptionBody,
  type MispAction,
  type MispErrorBody,
  MispHttpError,
  pathOf,
  saveFail,
} from './misp-responses.ts'

/** MISP's text for a body that is not JSON (AppController `_jsonDecode`). */
export const INVALID_JSON_MESSAGE =
  'Invalid JSON input. Make sure that the JSON input is a correctly formatted JSON string. This request has been blocked to avoid an unfiltered request.'

/** MISP's text for a 500 in production mode (CakePHP's ExceptionRenderer). */
export const INTERNAL_ERROR_MESSAGE = 'An Internal Error Has Occurred.'

/** MISP's text for an unknown URL in production mode (CakePHP's ExceptionRenderer). */
export const NOT_FOUND_MESSAGE = 'Not Found'

/** The MISP action of the route that answered, from the route's `config.misp`. */
export function mispActionOf(request: FastifyRequest): MispAction | undefined {
  return (request.routeOptions?.config as { misp?: MispAction } | undefined)?.misp
}

/** What a Fastify/ajv validation failure names: the model and the field. */
interface FieldProblem {
  model: string
  field: string
  message: string
}

/** `/Event/info` → `{model: 'Event', field: 'info'}`; `/info` → the route's model; nested models win. */
function fieldProblem(error: FastifyError, fallbackModel: string): FieldProblem {
  const issue = error.validation?.[0]
  const context = error.validationContext ?? 'body'
  const segments = (issue?.instancePath ?? '').split('/').filter((part) => part !== '')
  const params = issue?.params as { missingProperty?: string; additionalProperty?: string } | undefined
  // A missing field, or one the schema does not allow: name it.
  const named = params?.missingProperty ?? params?.additionalProperty
  if (named) segments.push(named)
  const message = issue?.message ?? error.message
  if (context !== 'body') return { model: fallbackModel, field: segments.join('.') || context, message }
  // The innermost MISP model on the path names the record: /Event/Attribute/0/type → Attribute, 0.type.
  for (let index = segments.length - 2; index >= 0; index--) {
    if (/^[A-Z]/.test(segments[index])) {
      return { model: segments[index], field: segments.slice(index + 1).join('.'), message }
    }
  }
  return { model: fallbackModel, field: segments.join('.') || 'body', message }
}

/** A schema failure: 400, MISP's save-failure envelope for save routes, the field named. */
function schemaFailure(
  error: FastifyError,
  request: FastifyRequest,
  url: string,
): { status: number; body: MispErrorBody } {
  const action = mispActionOf(request)
  const problem = fieldProblem(error, action?.model ?? 'Request')
  const errors = { [problem.model]: { [problem.field]: [problem.message] } }
  if (action) {
    const body = saveFail(action, false, errors, `${problem.model}.${problem.field}: ${problem.message}`)
    return { status: 400, body: { ...body, url } }
  }
  return { status: 400, body: exceptionBody(`Invalid request: ${problem.field} ${problem.message}`, url, errors) }
}

/** A Sluice error with a stable code: its MISP status and body. */
function sluiceFailure(
  error: Error & { code: ErrorCode; status?: number },
  request: FastifyRequest,
  url: string,
): { status: number; body: MispErrorBody } {
  const action = mispActionOf(request)
  switch (error.code) {
    case 'SLC_VALIDATION': {
      const { model, field } = error as unknown as { model: string; field: string }
      const text = error.message.startsWith(`${model}.${field}: `)
        ? error.message.slice(model.length + field.length + 3)
        : error.message
      const errors = { [model]: { [field]: [text] } }
      // MISP answers a failed save with its save-failure envelope and HTTP 403 (saveFailResponse).
      if (action) return { status: 403, body: { ...saveFail(action, false, errors, error.message), url } }
      return { status: 400, body: exceptionBody(error.message, url, errors) }
    }
    case 'SLC_NOT_FOUND':
      return { status: 404, body: exceptionBody(error.message, url) }
    case 'SLC_FORBIDDEN':
    case 'SLC_AUTH_FAILED':
      return { status: 403, body: exceptionBody(error.message, url) }
    case 'SLC_BLOCKED_BY_WORKFLOW':
      if (action) return { status: 403, body: { ...saveFail(action, false, error.message), url } }
      return { status: 403, body: exceptionBody(error.message, url) }
    default: {
      const status = error.status ?? 500
      if (status >= 400 && status < 500) return { status, body: exceptionBody(error.message, url) }
      return { status: 500, body: exceptionBody(INTERNAL_ERROR_MESSAGE, url) }
    }
  }
}

/** The text for a value a unique index already holds. */
export const ALREADY_IN_USE_MESSAGE = 'This value is already in use by another record.'

/**
 * The table and column of a unique-index violation from SQLite or PostgreSQL, or undefined for
 * any other error. The services check before they insert, but two requests saving the same
 * name or uuid at once both pass that check, and the second insert then fails here.
 */
export function uniqueViolation(error: unknown): { table: string; column: string } | undefined {
  const driver = error as { code?: unknown; message?: unknown; table?: unknown; detail?: unknown } | null
  if (driver?.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    const match = /UNIQUE constraint failed: (\w+)\.(\w+)/.exec(String(driver.message))
    return { table: match?.[1] ?? 'Record', column: match?.[2] ?? 'id' }
  }
  // PostgreSQL's unique_violation: `Key (name)=(…) already exists.`
  if (driver?.code === '23505') {
    const match = /^Key \(([^),]+)/.exec(String(driver.detail ?? ''))
    return { table: typeof driver.table === 'string' ? driver.table : 'Record', column: match?.[1] ?? 'id' }
  }
  return undefined
}

/** A unique-index violation: MISP's save failure naming the field (403), or a 409 outside a save route. */
function conflictFailure(
  conflict: { table: string; column: string },
  request: FastifyRequest,
  url: string,
): { status: number; body: MispErrorBody } {
  const action = mispActionOf(request)
  const model = action?.model ?? conflict.table
  const errors = { [model]: { [conflict.column]: [ALREADY_IN_USE_MESSAGE] } }
  const message = `${model}.${conflict.column}: ${ALREADY_IN_USE_MESSAGE}`
  if (action) return { status: 403, body: { ...saveFail(action, false, errors, message), url } }
  return { status: 409, body: exceptionBody(message, url, errors) }
}

/** Maps any error to MISP's status and body; the second value says whether to log it as unexpected. */
export function toMispError(
  error: unknown,
  request: FastifyRequest,
  bodyLimit: number,
): { status: number; body: MispErrorBody; isUnexpected: boolean } {
  const url = pathOf(request.url)
  const fastifyError = error as FastifyError
  if (error instanceof MispHttpError) {
    return { status: error.statusCode, body: error.body ?? exceptionBody(error.message, url), isUnexpected: false }
  }
  if (fastifyError?.validation) return { ...schemaFailure(fastifyError, request, url), isUnexpected: false }
  if (typeof fastifyError?.code === 'string' && fastifyError.code.startsWith('SLC_')) {
    const mapped = sluiceFailure(fastifyError as never, request, url)
    return { ...mapped, isUnexpected: mapped.status >= 500 }
  }
  switch (fastifyError?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        body: exceptionBody(`Request body is too large: the limit is ${bodyLimit} bytes.`, url),
        isUnexpected: false,
      }
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: invalidJson(fastifyError.message, url), isUnexpected: false }
  }
  const conflict = uniqueViolation(error)
  if (conflict) return { ...conflictFailure(conflict, request, url), isUnexpected: false }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return { status: 400, body: invalidJson(error.message, url), isUnexpected: false }
  }
  const status = fastifyError?.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: exceptionBody(fastifyError.message, url), isUnexpected: false }
  }
  return { status: 500, body: exceptionBody(INTERNAL_ERROR_MESSAGE, url), isUnexpected: true }
}

/** MISP's invalid-JSON body, with the parser's reason so that the client sees where it broke. */
function invalidJson(detail: string, url: string): MispErrorBody {
  return { name: INVALID_JSON_MESSAGE, message: `${INVALID_JSON_MESSAGE} ${detail}`, url }
}

/** The Fastify error handler: MISP's body and status; unexpected errors are logged, never shown. */
export function createErrorHandler(bodyLimit: number) {
  return function mispErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
    const { status, body, isUnexpected } = toMispError(error, request, bodyLimit)
    if (isUnexpected) request.log.error({ err: error }, 'unexpected error')
    else if (hasErrorCode(error, 'SLC_DATABASE') || uniqueViolation(error))
      request.log.warn({ err: error }, 'database error')
    return reply.code(status).type('application/json; charset=utf-8').send(body)
  }
}

/** The not-found handler: MISP's 404 body for an unknown URL. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply
    .code(404)
    .type('application/json; charset=utf-8')
    .send(exceptionBody(NOT_FOUND_MESSAGE, pathOf(request.url)))
}
