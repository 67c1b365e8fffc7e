/**
 * Sign in (issue #6): with an API key (what `sluice serve` prints on first start) or with an
 * e-mail address and password. The server answers with a session cookie; the key is never kept
 * in the page after the request.
 */
import { type FormEvent, useState } from 'react'
import { type SessionUser, signIn } from '../api/session.ts'
import { ErrorAlert } from '../app/ui.tsx'

/** The sign-in form; calls `onSignedIn` with the user. */
export function SignInPage({ onSignedIn }: { onSignedIn(user: SessionUser): void }) {
  const [method, setMethod] = useState<'key' | 'password'>('key')
  const [authkey, setAuthkey] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<unknown>()
  const [isBusy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const user = await signIn(method === 'key' ? { kind: 'key', authkey } : { kind: 'password', email, password })
      setAuthkey('')
      setPassword('')
      onSignedIn(user)
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="sign-in">
      <h1>Sign in to Sluice</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <fieldset>
          <legend>Sign in with</legend>
          <label>
            <input type="radio" name="method" checked={method === 'key'} onChange={() => setMethod('key')} /> Use an API
            key
          </label>
          <label>
            <input type="radio" name="method" checked={method === 'password'} onChange={() => setMethod('password')} />{' '}
            Use an e-mail address and password
          </label>
        </fieldset>
        {method === 'key' ? (
          <RequiredField label="API key" type="password" autoComplete="off" value={authkey} onChange={setAuthkey} />
        ) : (
          <>
            <RequiredField label="E-mail" type="email" autoComplete="username" value={email} onChange={setEmail} />
            <RequiredField
              label="Password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={setPassword}
            />
          </>
        )}
        <ErrorAlert error={error} />
        <button type="submit" className="primary" disabled={isBusy}>
          {isBusy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="muted">
        On a fresh start, <code>npm start</code> prints the site admin's API key once (or uses{' '}
        <code>SLUICE_ADMIN_KEY</code>).
      </p>
    </main>
  )
}

/** A labelled, required input of the form (the label is its accessible name). */
function RequiredField(props: {
  label: string
  type: 'email' | 'password'
  autoComplete: string
  value: string
  onChange(value: string): void
}) {
  return (
    <label className="field">
      {props.label}
      <input
        type={props.type}
        autoComplete={props.autoComplete}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        required
      />
    </label>
  )
}
