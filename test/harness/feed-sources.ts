/**
 * Feed sources for feed tests, on disk in a temporary folder: a freetext or CSV file, or a MISP
 * feed directory (`manifest.json` + `<uuid>.json`). The same folder can be served over HTTP by
 * `serveFolder` (a real server on 127.0.0.1) for network feeds.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, normalize } from 'node:path'

/** A temporary folder of feed sources; `remove()` deletes it. */
export interface FeedFolder {
  path: string
  /** Writes a text file (a freetext or CSV feed); answers its absolute path. */
  file(name: string, text: string): string
  /**
   * Writes a MISP feed directory `name`: a manifest plus one event file per entry, each event
   * `{Event: {uuid, info, Attribute}}`; answers the directory's absolute path.
   */
  mispFeed(name: string, events: Array<{ uuid: string; attributes: Array<{ type: string; value: string }> }>): string
  remove(): void
}

/** Creates a temporary folder for feed sources. */
export function feedFolder(): FeedFolder {
  const path = mkdtempSync(join(tmpdir(), 'sluice-feeds-'))
  return {
    path,
    file(name, text) {
      const file = join(path, name)
      writeFileSync(file, text)
      return file
    },
    mispFeed(name, events) {
      const dir = join(path, name)
      mkdirSync(dir, { recursive: true })
      const manifest: Record<string, unknown> = {}
      for (const event of events) {
        manifest[event.uuid] = { info: `Feed event ${event.uuid}`, Orgc: { name: 'Feed org' } }
        const body = { Event: { uuid: event.uuid, info: `Feed event ${event.uuid}`, Attribute: event.attributes } }
        writeFileSync(join(dir, `${event.uuid}.json`), JSON.stringify(body))
      }
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest))
      return dir
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  }
}

/** A static file server over a folder on 127.0.0.1; records the paths asked for. */
export interface FolderServer {
  url: string
  requests: string[]
  close(): Promise<void>
}

/** Serves `root` read-only over HTTP on a free port of 127.0.0.1 (404 outside it or for a missing file). */
export async function serveFolder(root: string): Promise<FolderServer> {
  const requests: string[] = []
  const server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0])
    requests.push(path)
    const file = normalize(join(root, path))
    try {
      if (!file.startsWith(root)) throw new Error('outside')
      const body = readFileSync(file)
      response.writeHead(200, { 'Content-Type': 'text/plain' }).end(body)
    } catch {
      response.writeHead(404).end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
