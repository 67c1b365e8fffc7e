/**
 * Runs Sluice's command line as a child process, the way a user does: the project's Node 24
 * (`node_modules/.bin/node`, never the system `node`) on `src/cli/main.ts`, from the
 * repository root.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The Node 24 binary the project pins (package.json `optionalDependencies`). */
export const NODE_24 = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url))

/** How a command ended. */
export interface CliResult {
  /** The exit code; null when the process was killed (see `timedOut`). */
  code: number | null
  stdout: string
  stderr: string
  /** Whether the process was killed for running longer than `timeoutMs`. */
  timedOut: boolean
  durationMs: number
}

/** Options of a run. */
export interface CliOptions {
  /** Kill the process after this long (default 20 s); the result then has `timedOut`. */
  timeoutMs?: number
  /** Extra environment variables. */
  env?: Record<string, string>
}

/** Runs `node_modules/.bin/node <script> <args…>` from the repository root. */
export function runNodeScript(script: string, args: string[], options: CliOptions = {}): Promise<CliResult> {
  if (!existsSync(NODE_24)) throw new Error(`${NODE_24} is missing: run npm ci to install the project's Node 24`)
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(NODE_24, [script, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, options.timeoutMs ?? 20_000)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, timedOut, durationMs: performance.now() - started })
    })
  })
}

/** Runs `sluice <args…>`. */
export function runCli(args: string[], options?: CliOptions): Promise<CliResult> {
  return runNodeScript('src/cli/main.ts', args, options)
}

/** Runs `npm run conformance -- <files…>` (its script, without npm in between). */
export function runConformance(files: string[], options?: CliOptions): Promise<CliResult> {
  return runNodeScript('src/cli/conformance.ts', files, options)
}
