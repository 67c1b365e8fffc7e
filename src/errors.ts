/**
 * Sluice's error kinds and the catalogue of stable error codes (STYLE.md "Errors").
 * Errors cross processes (worker, queue, REST), so callers branch on `code`, never on
 * `instanceof`. Every code is listed in docs/errors.md; a test keeps the two equal.
 */

/** Every stable error code, with the kind it belongs to and what it means. */
export const ERROR_CODES = {
  SLC_BAD_JSON: { kind: 'user', summary: 'A file or body is not valid JSON.' },
  SLC_FILE_UNREADABLE: { kind: 'user', summary: 'A file could not be read.' },
  SLC_GRAPH_INVALID: { kind: 'user', summary: 'A workflow graph is not in MISP’s saved format.' },
  SLC_GRAPH_CYCLE: { kind: 'user', summary: 'A workflow graph contains a cycle.' },
  SLC_GRAPH_TRIGGER_COUNT: { kind: 'user', summary: 'A workflow graph has no trigger node, or more than one.' },
  SLC_GRAPH_MULTIPLE_CONNECTIONS: {
    kind: 'user',
    summary: 'An output holds more than one connection and its module does not allow it.',
  },
  SLC_GRAPH_DANGLING_CONNECTION: { kind: 'user', summary: 'A connection points to a node that does not exist.' },
  SLC_UNKNOWN_TRIGGER: { kind: 'user', summary: 'A trigger id is not one of the known triggers.' },
  SLC_NO_TRIGGER: { kind: 'user', summary: 'No trigger was given and none can be found in the workflow.' },
  SLC_WORKFLOW_INVALID: { kind: 'user', summary: 'A workflow, blueprint or record file is not in a known shape.' },
  SLC_MODULE_INVALID: { kind: 'user', summary: 'A custom module file does not export a valid module definition.' },
  SLC_HASHPATH_INVALID: { kind: 'user', summary: 'A hash path cannot be parsed or used.' },
  SLC_REGEX_UNSAFE: { kind: 'user', summary: 'A regular expression in a hash path could run for too long.' },
  SLC_MISP_CRASH: {
    kind: 'user',
    summary: 'A module met data on which MISP crashes; Sluice ends the run there with a failure instead.',
  },
  SLC_VALIDATION: { kind: 'user', summary: 'A request body or field is invalid; the error names the field.' },
  SLC_NOT_FOUND: {
    kind: 'user',
    status: 404,
    summary: 'The requested record does not exist or is not visible to the user.',
  },
  SLC_FORBIDDEN: { kind: 'user', status: 403, summary: 'The user may not perform this operation.' },
  SLC_AUTH_FAILED: { kind: 'user', status: 403, summary: 'No API key, or an unknown or disabled one.' },
  SLC_BLOCKED_BY_WORKFLOW: {
    kind: 'user',
    status: 403,
    summary: 'A blocking workflow stopped the operation; nothing of it was stored.',
  },
  SLC_DATA_LOCKED: { kind: 'operational', summary: 'Another Sluice process holds the data folder.' },
  SLC_DATABASE: { kind: 'operational', summary: 'The database could not be opened, migrated or queried.' },
  SLC_LISTEN: { kind: 'operational', summary: 'The server cannot listen on the given host and port.' },
  SLC_QUEUE: {
    kind: 'operational',
    summary: 'The queue of deferred work (Redis for BullMQ) could not be reached or used.',
  },
  SLC_ENRICHMENT_UNAVAILABLE: {
    kind: 'operational',
    summary: 'No enrichment service is configured, or it did not answer.',
  },
  SLC_OUTBOUND_REFUSED: {
    kind: 'user',
    summary: 'An outbound request goes to a destination the outbound allow-list does not allow.',
  },
  SLC_OUTBOUND_FAILED: {
    kind: 'operational',
    summary: 'An outbound request (HTTP, mail, ZeroMQ) failed: unreachable, timed out or answered too much.',
  },
  SLC_LOOP_GUARD: {
    kind: 'user',
    summary:
      'A workflow run was refused: the chain of runs that caused it is too deep, or it re-enters a workflow too often; the run’s error names the chain.',
  },
  SLC_INTERNAL: { kind: 'unexpected', summary: 'A broken invariant inside Sluice.' },
} as const

/** A stable error code. */
export type ErrorCode = keyof typeof ERROR_CODES

/** Base class of every error Sluice raises on purpose. */
export class SluiceError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly kind: 'user' | 'operational' | 'unexpected'

  constructor(code: ErrorCode, message: string, options: { status: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.status = options.status
    this.kind = ERROR_CODES[code].kind
  }
}

/** Bad input: HTTP 400 (or the code's own 4xx status), CLI exit 2, never alerted. */
export class UserError extends SluiceError {
  constructor(code: ErrorCode, message: string, cause?: unknown) {
    const entry = ERROR_CODES[code] as { status?: number }
    super(code, message, { status: entry.status ?? 400, cause })
  }
}

/** A field problem: HTTP 400 naming the field, in MISP's `errors` shape (`{Model: {field: [message]}}`). */
export class ValidationError extends UserError {
  readonly model: string
  readonly field: string

  constructor(model: string, field: string, message: string) {
    super('SLC_VALIDATION', `${model}.${field}: ${message}`)
    this.model = model
    this.field = field
  }
}

/** Database, network or queue trouble: retried and logged as a warning. */
export class OperationalError extends SluiceError {
  constructor(code: ErrorCode, message: string, cause?: unknown) {
    super(code, message, { status: 503, cause })
  }
}

/** A broken invariant: logged as an error. */
export class UnexpectedError extends SluiceError {
  constructor(message: string, cause?: unknown) {
    super('SLC_INTERNAL', message, { status: 500, cause })
  }
}

/** Whether a value is a Sluice error with the given code (works across processes, unlike instanceof). */
export function hasErrorCode(error: unknown, code: ErrorCode): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code
}
