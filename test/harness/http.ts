/**
 * Real HTTP against the app: `startApp` listens on 127.0.0.1 (a free port), `call` sends a
 * request with MISP's headers and reads the answer.
 */
import { buildApp } from '../../src/api/index.ts'
import type { Platform } from '../../src/platform/index.ts'

/** A listening app. */
export interface RunningApp {
  baseUrl: string
  close(): Promise<void>
}

/** Builds the app over a platform and listens on 127.0.0.1, port 0. */
export async function startApp(
  platform: Platform,
  options: { bodyLimit?: number; now?: () => number; trustedProxies?: string[] } = {},
): Promise<RunningApp> {
  const app = buildApp({ platform, version: '0.1.0', ...options })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  return { baseUrl: address, close: () => app.close() }
}

/** What a call gave. */
export interface CallResult {
  status: number
  headers: Headers
  text: string
  /** The parsed body, or undefined when it is not JSON. */
  json: any
}

/** Options of a call. */
export interface CallOptions {
  /** The API key for `Authorization` (none when omitted). */
  key?: string
  /** A JSON body. */
  body?: unknown
  /** A raw body, sent as it is with `Content-Type: application/json`. */
  rawBody?: string
  headers?: Record<string, string>
}

/** Sends one request: `Accept: application/json`, the key in `Authorization`, as MISP clients do. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
  if (options.key !== undefined) headers.Authorization = options.key
  let body: string | undefined
  if (options.rawBody !== undefined) body = options.rawBody
  else if (options.body !== undefined) body = JSON.stringify(options.body)
  if (body !== undefined) headers['Content-Type'] ??= 'application/json'
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body })
  const text = await response.text()
  let json: any
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: response.status, headers: response.headers, text, json }
}

/** A `sluice serve` child process. */
export interface ServedInstance {
  baseUrl: string
  /** Everything the process printed so far. */
  output(): { stdout: string; stderr: string }
  /** SIGTERM, then wait for the exit; resolves with the exit code. */
  stop(): Promise<number | null>
}

/**
 * Starts `node_modules/.bin/node src/cli/main.ts serve ARGS…` and waits for its
 * `Sluice listening on <url>` line (use `--port 0` to let it pick a free port).
 */
export async function startServe(args: string[], env: Record<string, string> = {}): Promise<ServedInstance> {
  const { spawn } = await import('node:child_process')
  const { NODE_24, REPO_ROOT } = await import('./cli.ts')
  const child = spawn(NODE_24, ['src/cli/main.ts', 'serve', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', SLUICE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in 20 s:\n${stdout}\n${stderr}`)), 20_000)
    const check = () => {
      const match = /Sluice listening on (http:\/\/\S+)/.exec(stdout)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout.on('data', check)
    exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited with ${code} before listening:\n${stdout}\n${stderr}`))
    })
  })
  return {
    baseUrl,
    output: () => ({ stdout, stderr }),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      return exited
    },
  }
}
