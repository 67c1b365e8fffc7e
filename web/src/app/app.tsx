/**
 * The app: reads the session on load, shows the sign-in page until there is one, then the
 * layout with the page the hash names. Any answer that says the session is gone (401, MISP's
 * 403 authentication failure) returns to the sign-in page.
 */
import { useEffect, useState } from 'react'
import { onSignedOut } from '../api/client.ts'
import { loadSession, type SessionUser, signOut } from '../api/session.ts'
import { SignInPage } from '../pages/sign-in.tsx'
import { Layout } from './layout.tsx'
import { PageFor } from './pages.tsx'
import { useRoute } from './router.ts'

/** The whole web app. */
export function App() {
  const route = useRoute()
  // undefined: still asking the server; null: not signed in.
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined)
  useEffect(() => {
    loadSession().then(setUser)
    return onSignedOut(() => setUser(null))
  }, [])

  if (user === undefined) return <p role="status">Loading…</p>
  if (user === null) return <SignInPage onSignedIn={setUser} />
  const leave = () => {
    signOut().finally(() => setUser(null))
  }
  return (
    <Layout route={route} user={user} onSignOut={leave}>
      <PageFor route={route} />
    </Layout>
  )
}
