/**
 * The frame around every page: the navigation (Triggers, Workflows, Modules, Blueprints, Runs,
 * Events, Settings) with the current page marked `aria-current`, the signed-in user and
 * sign-out, and the page in a `main` landmark. Mounting it preloads the editor's chunk.
 */
import { type ReactNode, useEffect } from 'react'
import type { SessionUser } from '../api/session.ts'
import { preloadEditorWhenIdle } from './editor-slot.tsx'
import { hrefOf, type Route } from './router.ts'

const SECTIONS: Array<{ label: string; route: Route; pages: Route['page'][] }> = [
  { label: 'Triggers', route: { page: 'triggers' }, pages: ['triggers'] },
  { label: 'Workflows', route: { page: 'workflows' }, pages: ['workflows', 'editor'] },
  { label: 'Modules', route: { page: 'modules' }, pages: ['modules', 'module'] },
  { label: 'Blueprints', route: { page: 'blueprints' }, pages: ['blueprints', 'blueprint'] },
  { label: 'Runs', route: { page: 'runs' }, pages: ['runs', 'run'] },
  { label: 'Events', route: { page: 'events' }, pages: ['events', 'event'] },
  { label: 'Settings', route: { page: 'settings' }, pages: ['settings'] },
]

/** The layout; `children` is the current page. */
export function Layout(props: { route: Route; user: SessionUser; onSignOut(): void; children: ReactNode }) {
  const { route, user, onSignOut, children } = props
  // Signed in: the editor is likely next, so its chunk loads while the browser is idle.
  useEffect(preloadEditorWhenIdle, [])
  return (
    <div className="layout">
      <header className="topbar">
        <a className="brand" href="#/triggers">
          Sluice
        </a>
        <nav aria-label="Main">
          <ul>
            {SECTIONS.map((section) => (
              <li key={section.label}>
                <a href={hrefOf(section.route)} aria-current={section.pages.includes(route.page) ? 'page' : undefined}>
                  {section.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="user">
          <span>
            <span className="muted">Signed in as </span>
            {user.email}
          </span>
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main className={route.page === 'editor' ? 'content content-full' : 'content'}>{children}</main>
    </div>
  )
}
