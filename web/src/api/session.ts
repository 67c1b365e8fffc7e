/**
 * The browser session (src/api/routes/session.ts): sign in with an API key or an e-mail and
 * password, read the current session on load, sign out. Each answer carries the CSRF token
 * that `client.ts` then sends on every state-changing request.
 */
import { apiDelete, apiGet, apiPost, setCsrfToken } from './client.ts'

/** The signed-in user, as `/sluice/session` answers. */
export interface SessionUser {
  id: number
  email: string
  org_id: number
  role: 'site_admin' | 'org_admin' | 'user'
}

interface SessionAnswer {
  user: SessionUser
  csrf_token: string
}

/** How to sign in. */
export type Credentials = { kind: 'key'; authkey: string } | { kind: 'password'; email: string; password: string }

/** Signs in; the server sets the session cookie. Throws `ApiError` with the server's message. */
export async function signIn(credentials: Credentials): Promise<SessionUser> {
  const body =
    credentials.kind === 'key'
      ? { authkey: credentials.authkey }
      : { email: credentials.email, password: credentials.password }
  const answer = await apiPost<SessionAnswer>('/sluice/session', body)
  setCsrfToken(answer.csrf_token)
  return answer.user
}

/** The current session's user, or null when not signed in. */
export async function loadSession(): Promise<SessionUser | null> {
  try {
    const answer = await apiGet<SessionAnswer>('/sluice/session')
    setCsrfToken(answer.csrf_token)
    return answer.user
  } catch {
    setCsrfToken(null)
    return null
  }
}

/** Ends the session on the server and forgets the token. */
export async function signOut(): Promise<void> {
  try {
    await apiDelete('/sluice/session')
  } finally {
    setCsrfToken(null)
  }
}
