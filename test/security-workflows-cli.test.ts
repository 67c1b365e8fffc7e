/**
 * `sluice validate` and `sluice run` on hostile workflow files: each bad file gets a message
 * naming the field and the problem and exit code 2, never a JavaScript error text, a stack
 * trace or a stall.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_PATH_STEPS } from '../src/engine/index.ts'
import { runCli } from './harness/cli.ts'
import { diamondLadder } from './harness/graph-builder.ts'

describe('sluice validate and run on hostile files', () => {
  let folder = ''
  const file = async (name: string, content: unknown) => {
    const path = join(folder, name)
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content))
    return path
  }
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sluice-security-cli-'))
  })
  afterAll(async () => rm(folder, { recursive: true, force: true }))

  it('names the field of a blueprint or workflow file of the wrong shape', async () => {
    const cases: Array<[content: unknown, message: string]> = [
      [{ WorkflowBlueprint: null }, '`WorkflowBlueprint` must be an object with the blueprint’s fields'],
      [{ WorkflowBlueprint: { data: '[{' } }, '`WorkflowBlueprint.data` is a string but not valid JSON'],
      [{ Workflow: { data: '{' } }, '`Workflow.data` is a string but not valid JSON'],
      [{ Workflow: { trigger_id: { id: 'event-publish' }, data: {} } }, '`Workflow.trigger_id` must be a string'],
    ]
    for (const [content, message] of cases) {
      const result = await runCli(['validate', await file('shape.json', content)])
      expect(result.code, JSON.stringify(content)).toBe(2)
      expect(result.stdout, JSON.stringify(content)).toContain(message)
      expect(result.stdout).not.toMatch(/Cannot read properties|TypeError|\s{4}at /)
      expect(result.stderr).toBe('')
    }
  })

  it('refuses a graph whose paths multiply past the limit, in validate and in run', async () => {
    const ladder = await file('ladder.json', diamondLadder(40))
    const data = await file('event.json', { Event: { id: '1', info: 'x' } })
    const tooMany = `too many paths to follow (over ${MAX_PATH_STEPS} steps)`
    const validated = await runCli(['validate', ladder])
    expect(validated.code).toBe(2)
    expect(validated.stdout).toContain(tooMany)
    const ran = await runCli(['run', ladder, '--data', data])
    expect(ran.timedOut).toBe(false)
    expect(ran.code).toBe(2)
    expect(ran.stderr).toContain(tooMany)
  })

  it('runs a blueprint whose node ids are JavaScript’s own property names as ordinary nodes', async () => {
    const blueprint = {
      WorkflowBlueprint: {
        name: 'Odd ids',
        description: '[event-publish] odd ids',
        data: [
          {
            id: '__proto__',
            data: { id: 'stop-execution', module_type: 'action', indexed_params: { message: 'stopped by __proto__' } },
            inputs: [],
            outputs: [],
          },
        ],
      },
    }
    const data = await file('event.json', { Event: { id: '1', info: 'x' } })
    const ran = await runCli(['run', await file('odd-ids.json', blueprint), '--data', data, '--json'])
    expect(ran.stderr).toBe('')
    expect(ran.stdout).toContain('stopped by __proto__')
  })
})
