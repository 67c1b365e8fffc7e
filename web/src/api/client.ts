/**
 * The one way the web app talks to Sluice: a `fetch` wrapper over the REST API. It sends the
 * session cookie and, on state-changing requests, the CSRF token the session answered with
 * (`X-CSRF-Token`); it parses JSON and turns every non-2xx answer into an `ApiError` that
 * carries MISP's own message (`{name, message, url, errors?}`), so pages show the server's words.
 *
 *   page ─▶ apiGet/apiPost/apiDelete ─▶ fetch (cookie + CSRF header) ─▶ JSON | ApiError
 *
 * Interface kept stable for the editor (web/src/editor/): `api`, `apiGet`, `apiPost`,
 * `apiDelete`, `ApiError`, `setCsrfToken`, `onSignedOut`.
 */

/** The header the server reads the CSRF token from (src/api/auth.ts). */
export const CSRF_HEADER = 'X-CSRF-Token'

/** An answer that was not 2xx (or a network failure, status 0). */
export class ApiError extends Error {
  /** The HTTP status, 0 when the request never got an answer. */
  readonly status: number
  /** Sluice's stable error code when the body carries one, else `HTTP_<status>`. */
  readonly code: string
  /** The parsed body (MISP's error shape), or the raw text when it was not JSON. */
  readonly body: unknown
  constructor(status: number, code: string, message: string, body: unknown) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.body = body
  }
}

let csrfToken: string | null = null
const signedOutListeners = new Set<() => void>()

/** Remembers the session's CSRF token (set by the session API on sign-in and on load). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** Calls `listener` when the server says the session is gone (401, or MISP's 403 auth failure). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener)
  return () => signedOutListeners.delete(listener)
}

/** MISP's text for a request without a usable key or session (src/api/auth.ts). */
const AUTH_FAILED_PREFIX = 'Authentication failed.'

/** The most useful sentence of a MISP error body: `message`, else `name`, else the status text. */
export function errorMessageOf(body: unknown, fallback: string): string {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>
    if (typeof record.message === 'string' && record.message !== '') return record.message
    if (typeof record.name === 'string' && record.name !== '') return record.name
    if (typeof record.errors === 'string' && record.errors !== '') return record.errors
  }
  if (typeof body === 'string' && body.trim() !== '' && body.length < 500) return body
  return fallback
}

function parse(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** Extra request options. */
export interface ApiOptions {
  /** Extra headers (e.g. MISP's `X-Requested-With: XMLHttpRequest` for AJAX-only actions). */
  headers?: Record<string, string>
}

/** Sends one request; answers the parsed JSON body or throws an `ApiError`. */
export async function api<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  options: ApiOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers[CSRF_HEADER] = csrfToken
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    })
  } catch (error) {
    throw new ApiError(0, 'NETWORK', `The server could not be reached: ${(error as Error).message}`, undefined)
  }
  const parsed = parse(await response.text())
  if (response.ok) return parsed as T
  const message = errorMessageOf(parsed, `${response.status} ${response.statusText}`)
  const code =
    parsed && typeof parsed === 'object' && typeof (parsed as { code?: unknown }).code === 'string'
      ? (parsed as { code: string }).code
      : `HTTP_${response.status}`
  if (response.status === 401 || (response.status === 403 && message.startsWith(AUTH_FAILED_PREFIX))) {
    for (const listener of signedOutListeners) listener()
  }
  throw new ApiError(response.status, code, message, parsed)
}

/** `GET path`. */
export function apiGet<T = unknown>(path: string): Promise<T> {
  return api<T>('GET', path)
}

/** `POST path` with an optional JSON body. */
export function apiPost<T = unknown>(path: string, body?: unknown, options?: ApiOptions): Promise<T> {
  return api<T>('POST', path, body, options)
}

/** `DELETE path`. */
export function apiDelete<T = unknown>(path: string): Promise<T> {
  return api<T>('DELETE', path)
}
