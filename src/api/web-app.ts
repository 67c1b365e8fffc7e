/**
 * The built web app (web/dist, issue #6) at `/`: `index.html` and its hashed assets, each file a
 * route of its own (no wildcard), so MISP's API paths and MISP's 404 body stay untouched. When the
 * folder has no build, `/` answers a page that says how to build it instead of a bare 404.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'

/** The text at `/` when the web app was not built. */
export const NOT_BUILT_MESSAGE =
  'The Sluice web app is not built. Run `npm run build:web` (or `npm start`, which builds it when needed) and reload.'

/**
 * The page may load code and data from its own origin only: no inline or foreign scripts, no
 * framing. Inline styles stay allowed because React Flow positions nodes with style attributes.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

/** Options: the folder holding the build (`index.html` + `assets/`). */
export interface WebAppOptions {
  root: string
}

/** Whether `root` holds a build. */
export function isWebAppBuilt(root: string): boolean {
  return existsSync(join(root, 'index.html'))
}

/** Serves the build at `/`, or the not-built page. */
export const webAppRoutes: FastifyPluginAsync<WebAppOptions> = async (app, { root }) => {
  if (!isWebAppBuilt(root)) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(`<!doctype html><html lang="en"><title>Sluice</title><h1>Sluice</h1><p>${NOT_BUILT_MESSAGE}</p></html>`),
    )
    return
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: 'index.html',
    // Hashed assets never change; index.html must be re-read to pick up a new build.
    setHeaders(reply, path) {
      const isPage = path.endsWith('.html')
      reply.header('Cache-Control', isPage ? 'no-cache' : 'public, max-age=31536000, immutable')
      reply.header('X-Content-Type-Options', 'nosniff')
      if (isPage) {
        reply.header('X-Frame-Options', 'DENY')
        reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
        reply.header('Referrer-Policy', 'same-origin')
      }
    },
  })
}
