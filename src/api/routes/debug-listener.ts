/**
 * Sluice's built-in debug listener (spec/ENGINE.md §2.13; docs/workflow-api.md): set
 * `Plugin.Workflow_debug_url` to `<sluice>/sluice/debug-listener` and workflows in debug mode
 * post here on MISP's paths (`/<trigger>/init?type=…`, `/exec/<module>?result=…`, `/end?…`).
 *
 *   POST /sluice/debug-listener/<trigger>/<path>   receives a post (no API key, like MISP's
 *                                                  listener, but only from this machine)
 *   GET  /sluice/debug-listener                    a page showing posts live (site admins)
 *   GET  /sluice/debug-listener/posts[?after=N]    the posts kept, as JSON (site admins)
 *   GET  /sluice/debug-listener/stream             Server-Sent Events, one per post (site admins)
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { ServerResponse } from 'node:http'
import { isMap } from '../../format/index.ts'
import { redactDebugSource } from '../../modules/index.ts'
import type { Platform } from '../../platform/index.ts'
import type { RouteDeps } from './route-deps.ts'
import { httpError, requireSiteAdmin, workflowAdminOf } from './workflow-admin-access.ts'

const PREFIX = '/sluice/debug-listener'

/** Whether a peer address is this machine. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')
}

/** The receiving end: outside the API key check, with a body parser that takes any content type as text. */
export const debugListenerReceiver: FastifyPluginAsync<{ platform: Platform }> = async (app, { platform }) => {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body))
  const receive = async (request: FastifyRequest, reply: FastifyReply) => {
    // MISP's listener has no authentication; Sluice's keeps that, so it takes posts from this machine only.
    if (!isLoopback(request.socket.remoteAddress)) {
      throw httpError(403, 'The debug listener takes posts from this machine only', request)
    }
    const rest = request.url.slice(request.url.indexOf(PREFIX) + PREFIX.length + 1)
    const slash = rest.search(/[/?]/)
    const triggerId = decodeURIComponent(slash === -1 ? rest : rest.slice(0, slash))
    const path = slash === -1 ? '' : rest.slice(slash)
    const text = typeof request.body === 'string' ? request.body : ''
    workflowAdminOf(platform).debugListener.receive(triggerId, safeDecode(path), withoutSecrets(text))
    return reply.type('text/html; charset=utf-8').send('<html><body><p>Received.</p></body></html>')
  }
  app.post(`${PREFIX}/*`, { schema: { hide: true } }, receive)
}

/**
 * A post's text with the node's secret parameters (webhook headers, tokens…) masked. Sluice's
 * own posts come masked already; a MISP instance pointed at this listener sends them in full,
 * and the listener keeps posts and shows them to every site admin, so they stop here too
 * (docs/outbound.md "Secrets").
 */
export function withoutSecrets(text: string): string {
  let post: unknown
  try {
    post = JSON.parse(text)
  } catch {
    return text
  }
  if (!isMap(post)) return text
  const source = redactDebugSource(post.source)
  return source === post.source ? text : JSON.stringify({ ...post, source })
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** The page, the JSON list and the event stream, behind the API key or session check. */
export const debugListenerRoutes: FastifyPluginAsync<RouteDeps> = async (app, { platform, actorOf }) => {
  const open = new Set<ServerResponse>()
  app.addHook('preClose', async () => {
    for (const response of open) response.end()
  })
  const listener = (request: FastifyRequest) => {
    requireSiteAdmin(actorOf(request))
    return workflowAdminOf(platform).debugListener
  }
  app.get(
    PREFIX,
    { schema: { tags: ['sluice workflows'], summary: 'A page showing debug posts live' } },
    async (request, reply) => {
      listener(request)
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(PAGE)
    },
  )
  app.get(
    `${PREFIX}/posts`,
    { schema: { tags: ['sluice workflows'], summary: 'The debug posts received (the most recent 200)' } },
    async (request) => {
      const after = Number((request.query as Record<string, string>).after)
      return { posts: listener(request).recent(Number.isInteger(after) ? after : undefined) }
    },
  )
  app.get(
    `${PREFIX}/stream`,
    { schema: { tags: ['sluice workflows'], summary: 'Debug posts as Server-Sent Events' } },
    async (request, reply) => {
      const hub = listener(request)
      reply.hijack()
      const response = reply.raw
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      })
      // Headers leave now, not with the first post: the page knows at once that it is connected.
      response.flushHeaders()
      const send = (post: { seq: number }) => response.write(`id: ${post.seq}\ndata: ${JSON.stringify(post)}\n\n`)
      const lastSeen = Number(request.headers['last-event-id'])
      for (const post of hub.recent(Number.isInteger(lastSeen) ? lastSeen : undefined)) send(post)
      const unsubscribe = hub.subscribe(send)
      const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), 15_000)
      open.add(response)
      response.on('close', () => {
        clearInterval(keepAlive)
        unsubscribe()
        open.delete(response)
      })
    },
  )
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sluice debug listener</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #222; }
h1 { font-size: 1.3rem; }
.post { border: 1px solid #ccc; border-radius: 4px; margin: .6rem 0; }
.post header { background: #f4f4f4; padding: .3rem .6rem; font-family: monospace; }
.post.error header { background: #fde8e8; }
.post pre { margin: 0; padding: .5rem .6rem; max-height: 24rem; overflow: auto; font-size: 12px; }
#state { color: #666; }
</style>
</head>
<body>
<h1>Debug listener</h1>
<p>Set <code>Plugin.Workflow_debug_url</code> to <code id="url"></code> and switch a workflow's debug mode on. <span id="state">Connecting…</span></p>
<div id="posts"></div>
<script>
const base = location.origin + location.pathname.replace(/\\/$/, '');
document.getElementById('url').textContent = base;
const list = document.getElementById('posts');
const state = document.getElementById('state');
function show(post) {
  const box = document.createElement('section');
  box.className = 'post' + (/result=error|outcome=(blocked|failure)/.test(post.path) ? ' error' : '');
  const head = document.createElement('header');
  head.textContent = '#' + post.seq + '  ' + post.received_at + '  /' + post.trigger_id + post.path;
  const body = document.createElement('pre');
  body.textContent = typeof post.body === 'string' ? post.body : JSON.stringify(post.body, null, 2);
  box.append(head, body);
  list.prepend(box);
}
const source = new EventSource(base + '/stream');
source.onopen = () => { state.textContent = 'Listening.'; };
source.onerror = () => { state.textContent = 'Disconnected; retrying…'; };
source.onmessage = (event) => show(JSON.parse(event.data));
</script>
</body>
</html>
`
