/**
 * `npm start` runs this first (the `prestart` script): it builds the web app with Vite when
 * `web/dist/index.html` is missing or older than any source of the app (web/src, index.html,
 * vite.config.ts, and the server's src/ whose pure parts the app imports), so a fresh clone serves the UI without a separate build step, and a start
 * with an up-to-date build costs one directory walk. The e2e harness uses the same check.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The web folder. */
export const WEB_DIR = fileURLToPath(new URL('.', import.meta.url))

/** The newest modification time (ms) of the files under `path`. */
function newestTime(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestTime(join(path, entry)))
  return newest
}

/** Whether the build is missing or older than its sources. */
export function isWebBuildStale(webDir: string = WEB_DIR): boolean {
  const built = join(webDir, 'dist', 'index.html')
  if (!existsSync(built)) return true
  // `../src` too: the app imports the engine's pure parts (contract types, hash paths, graph diff).
  const sources = ['src', 'index.html', 'vite.config.ts', '../src'].map((name) => join(webDir, name)).filter(existsSync)
  return Math.max(...sources.map(newestTime)) > statSync(built).mtimeMs
}

/** Runs `vite build` for the web app; throws with Vite's output when it fails. */
export function buildWeb(webDir: string = WEB_DIR): void {
  const vite = join(webDir, '..', 'node_modules', 'vite', 'bin', 'vite.js')
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', join(webDir, 'vite.config.ts'), '--logLevel', 'warn'],
    {
      cwd: webDir,
      encoding: 'utf8',
      // Always React's production build: vite keeps an inherited NODE_ENV, and under vitest
      // (NODE_ENV=test) it built the development one — 1.5× the size and slower — which
      // `npm start` then served, since the build was no longer stale.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  )
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (isWebBuildStale()) {
    process.stdout.write('Building the web app (web/dist)…\n')
    buildWeb()
  }
}
