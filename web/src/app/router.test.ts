import { describe, expect, it } from 'vitest'
import { hrefOf, parseRoute, type Route } from './router.ts'

describe('parseRoute', () => {
  it('reads every page back from the hash hrefOf writes', () => {
    const routes: Route[] = [
      { page: 'triggers' },
      { page: 'workflows' },
      { page: 'editor', triggerId: 'event-publish' },
      { page: 'modules' },
      { page: 'module', moduleId: 'tag-if' },
      { page: 'blueprints' },
      { page: 'blueprint', blueprintId: '12' },
      { page: 'runs' },
      { page: 'runs', trigger: 'event-publish' },
      { page: 'run', runId: '41e34d5f-492a-4bd8-9830-56c58444fa97' },
      { page: 'events' },
      { page: 'event', eventId: '7' },
      { page: 'settings' },
    ]
    for (const route of routes) expect(parseRoute(hrefOf(route))).toEqual(route)
  })

  it('opens the triggers for an empty hash', () => {
    expect(parseRoute('')).toEqual({ page: 'triggers' })
    expect(parseRoute('#/')).toEqual({ page: 'triggers' })
  })

  it('decodes ids and reports unknown paths', () => {
    expect(parseRoute('#/modules/a%2Fb')).toEqual({ page: 'module', moduleId: 'a/b' })
    expect(parseRoute('#/nowhere/1')).toEqual({ page: 'not-found', path: 'nowhere/1' })
    expect(parseRoute('#/workflows/12')).toEqual({ page: 'not-found', path: 'workflows/12' })
  })
})
