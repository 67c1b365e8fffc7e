/**
 * A small hash router: the page is chosen from `location.hash` (`#/events/12`), so the app's
 * URLs never collide with MISP's API paths (`/events/index`) and the server serves one
 * index.html. A route is a tagged union; `hrefOf` and `parseRoute` are inverses.
 */
import { useEffect, useState } from 'react'

/** Every page of the app. */
export type Route =
  | { page: 'triggers' }
  | { page: 'workflows' }
  | { page: 'editor'; triggerId: string }
  | { page: 'modules' }
  | { page: 'module'; moduleId: string }
  | { page: 'blueprints' }
  | { page: 'blueprint'; blueprintId: string }
  | { page: 'runs'; trigger?: string }
  | { page: 'run'; runId: string }
  | { page: 'events' }
  | { page: 'event'; eventId: string }
  | { page: 'settings' }
  | { page: 'not-found'; path: string }

/** The route of a hash (`#/modules/tag-if` → module `tag-if`); an empty hash is the triggers index. */
export function parseRoute(hash: string): Route {
  const [rawPath, query = ''] = hash.replace(/^#/, '').split('?')
  const path = rawPath.replace(/^\/+|\/+$/g, '')
  const [first = '', second, third] = path.split('/').map((part) => decodeURIComponent(part))
  switch (first) {
    case '':
    case 'triggers':
      return { page: 'triggers' }
    case 'workflows':
      if (second === 'editor' && third) return { page: 'editor', triggerId: third }
      return second ? { page: 'not-found', path } : { page: 'workflows' }
    case 'modules':
      return second ? { page: 'module', moduleId: second } : { page: 'modules' }
    case 'blueprints':
      return second ? { page: 'blueprint', blueprintId: second } : { page: 'blueprints' }
    case 'runs':
      if (second) return { page: 'run', runId: second }
      return new URLSearchParams(query).get('trigger')
        ? { page: 'runs', trigger: new URLSearchParams(query).get('trigger') as string }
        : { page: 'runs' }
    case 'events':
      return second ? { page: 'event', eventId: second } : { page: 'events' }
    case 'settings':
      return { page: 'settings' }
    default:
      return { page: 'not-found', path }
  }
}

/** The hash URL of a route. */
export function hrefOf(route: Route): string {
  const enc = encodeURIComponent
  switch (route.page) {
    case 'editor':
      return `#/workflows/editor/${enc(route.triggerId)}`
    case 'module':
      return `#/modules/${enc(route.moduleId)}`
    case 'blueprint':
      return `#/blueprints/${enc(route.blueprintId)}`
    case 'run':
      return `#/runs/${enc(route.runId)}`
    case 'event':
      return `#/events/${enc(route.eventId)}`
    case 'runs':
      return route.trigger ? `#/runs?trigger=${enc(route.trigger)}` : '#/runs'
    case 'not-found':
      return `#/${route.path}`
    default:
      return `#/${route.page}`
  }
}

/** Goes to a route (adds a history entry). */
export function navigate(route: Route): void {
  window.location.hash = hrefOf(route)
}

/** The current route, updated on every hash change. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash))
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash))
    window.addEventListener('hashchange', update)
    return () => window.removeEventListener('hashchange', update)
  }, [])
  return route
}
