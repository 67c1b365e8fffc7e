/**
 * Debug mode (spec/ENGINE.md §2.13) over real HTTP: a workflow in debug mode posts MISP's
 * `/init`, `/exec/<module>` and `/end` messages to `Plugin.Workflow_debug_url/<trigger>`, to a
 * real receiver on 127.0.0.1 and to Sluice's built-in listener (its JSON list, its live event
 * stream and its page); a listener that is down never fails the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isLoopback } from '../src/api/routes/debug-listener.ts'
import { testDatabases } from './harness/databases.ts'
import { publishThenStopGraph } from './harness/graph-builder.ts'
import { closedPort, type HttpReceiver, startHttpReceiver } from './harness/http-receiver.ts'
import { ADMIN_KEY, startWorkflowApi, type WorkflowApiServer } from './harness/workflow-api.ts'

const EVENT = {
  Event: { id: '9', uuid: '5f0c3d2e-1a2b-4c3d-8e9f-0a1b2c3d4e5f', info: 'debug me', published: false, Attribute: [] },
}

for (const db of testDatabases()) {
  describe(`${db.name}: debug mode`, () => {
    let server: WorkflowApiServer
    let send: WorkflowApiServer['send']
    let receiver: HttpReceiver
    const ajax = { 'X-Requested-With': 'XMLHttpRequest' }
    const run = async () => {
      const result = await send('POST', '/workflows/executeWorkflow/1', {
        body: { Workflow: { data: JSON.stringify(EVENT) } },
      })
      await server.platform.debugPoster.settled()
      return result
    }
    beforeAll(async () => {
      server = await startWorkflowApi(db)
      send = server.send
      receiver = await startHttpReceiver({ status: 200, body: '<html>ok</html>' })
      await send('POST', '/servers/serverSettingsEdit/Plugin.Workflow_enable', { body: { value: true } })
      await send('POST', '/workflows/toggleModule/event-publish/1/1')
      await send('GET', '/workflows/editor/event-publish')
      await send('POST', '/workflows/edit/1', {
        body: { Workflow: { data: JSON.stringify(publishThenStopGraph('debugged')) } },
      })
      await send('POST', '/servers/serverSettingsEdit/Plugin.Workflow_debug_url', { body: { value: receiver.url } })
    })
    afterAll(async () => {
      await server.close()
      await receiver.close()
    })

    it('posts nothing while debug mode is off', async () => {
      expect((await run()).json.outcome).toBe('blocked')
      expect(receiver.requests).toEqual([])
    })
    it('posts /init, /exec and /end with MISP’s bodies to <debug url>/<trigger> when it is on', async () => {
      await send('POST', '/workflows/debugToggleField/1/1', { headers: ajax })
      expect((await run()).json).toMatchObject({ success: false, outcome: 'blocked' })
      const paths = receiver.requests.map((request) => request.url)
      expect(paths[0]).toBe('/event-publish/init?type=blocking')
      expect(paths[1]).toMatch(/^\/event-publish\/exec\/stop-execution\?result=/)
      expect(paths.at(-1)).toBe('/event-publish/end?outcome=blocked')
      for (const request of receiver.requests) {
        expect(request.method).toBe('POST')
        expect(request.headers['content-type']).toBe('application/json')
      }
      const init = JSON.parse(receiver.requests[0].body)
      expect(init.source).toEqual({ node_id: '', module_id: '', filters: '', parameters: '' })
      expect(init.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/)
      expect(init.data.original).toEqual(EVENT)
      expect(init.data.normalized.Event.info).toBe('debug me')
      const exec = JSON.parse(receiver.requests[1].body)
      expect(exec.source).toMatchObject({
        node_id: 2,
        module_id: 'stop-execution',
        parameters: { message: 'debugged' },
      })
      const end = JSON.parse(receiver.requests.at(-1)!.body)
      expect(end.data).toMatchObject({ blocking_nodes: ['2'] })
    })
    it('posts for a run the trigger starts too (the dispatcher’s runs)', async () => {
      receiver.requests.length = 0
      const event = (
        await send('POST', '/events/add', { body: { Event: { info: 'published with debug', distribution: 0 } } })
      ).json.Event
      expect((await send('POST', `/events/publish/${event.id}`)).status).toBe(403)
      await server.platform.debugPoster.settled()
      expect(receiver.requests.map((request) => request.url)[0]).toBe('/event-publish/init?type=blocking')
    })
    it('never fails a run when the listener is down', async () => {
      const port = await closedPort()
      await send('POST', '/servers/serverSettingsEdit/Plugin.Workflow_debug_url', {
        body: { value: `http://127.0.0.1:${port}` },
      })
      const result = await run()
      expect(result.status).toBe(200)
      expect(result.json.outcome).toBe('blocked')
    })

    describe('the built-in listener at /sluice/debug-listener', () => {
      it('receives the posts on MISP’s paths and lists them', async () => {
        await send('POST', '/servers/serverSettingsEdit/Plugin.Workflow_debug_url', {
          body: { value: `${server.baseUrl}/sluice/debug-listener` },
        })
        await run()
        const list = await send('GET', '/sluice/debug-listener/posts')
        expect(list.status).toBe(200)
        const posts = list.json.posts
        expect(posts.map((post: any) => post.trigger_id)).toEqual(posts.map(() => 'event-publish'))
        expect(posts[0].path).toBe('/init?type=blocking')
        expect(posts.at(-1).path).toBe('/end?outcome=blocked')
        expect(posts[0].body.data.original).toEqual(EVENT)
        const after = await send('GET', `/sluice/debug-listener/posts?after=${posts.at(-1).seq}`)
        expect(after.json.posts).toEqual([])
      })
      it('takes a post whose body MISP sent as form-encoded JSON', async () => {
        const result = await fetch(`${server.baseUrl}/sluice/debug-listener/event-publish/exec/tag-if?result=success`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: '{"source": {"node_id": 3}, "data": {}}',
        })
        expect(result.status).toBe(200)
        const posts = (await send('GET', '/sluice/debug-listener/posts')).json.posts
        expect(posts.at(-1)).toMatchObject({ path: '/exec/tag-if?result=success', body: { source: { node_id: 3 } } })
      })
      it('streams new posts as Server-Sent Events and serves its page, to site admins only', async () => {
        const controller = new AbortController()
        const response = await fetch(`${server.baseUrl}/sluice/debug-listener/stream`, {
          headers: { Authorization: ADMIN_KEY, 'Last-Event-ID': '1000000' },
          signal: controller.signal,
        })
        expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
        const reader = response.body!.getReader()
        await run()
        let text = ''
        while (!text.includes('/end?outcome=blocked')) text += new TextDecoder().decode((await reader.read()).value)
        expect(text).toMatch(/(^|\n)id: \d+\ndata: \{"seq":\d+,/)
        controller.abort()
        const page = await send('GET', '/sluice/debug-listener')
        expect(page.status).toBe(200)
        expect(page.text).toContain('EventSource')
        expect((await fetch(`${server.baseUrl}/sluice/debug-listener/posts`)).status).toBe(403)
      })
      it('takes posts from this machine only', () => {
        expect(isLoopback('127.0.0.1')).toBe(true)
        expect(isLoopback('::ffff:127.0.0.1')).toBe(true)
        expect(isLoopback('::1')).toBe(true)
        expect(isLoopback('192.0.2.10')).toBe(false)
        expect(isLoopback(undefined)).toBe(false)
      })
    })
  })
}
