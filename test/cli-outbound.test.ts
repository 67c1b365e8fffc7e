/**
 * `sluice run` with outbound actions: a webhook node reaches a real receiver on 127.0.0.1 when
 * `--setting` allows it, and fails with MISP's message when nothing allows it (docs/outbound.md).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './harness/cli.ts'
import { buildGraph } from './harness/graph-builder.ts'
import { type HttpReceiver, startHttpReceiver } from './harness/http-receiver.ts'

describe('sluice run with outbound actions', () => {
  let receiver: HttpReceiver
  let folder: string
  let workflow: string
  let data: string
  beforeAll(async () => {
    receiver = await startHttpReceiver()
    folder = mkdtempSync(join(tmpdir(), 'sluice-cli-outbound-'))
    workflow = join(folder, 'workflow.json')
    data = join(folder, 'event.json')
    const graph = buildGraph([
      { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
      {
        id: 2,
        module: 'webhook',
        type: 'action',
        params: { url: `${receiver.url}/hook`, payload: '{{ Event.info }}' },
      },
    ])
    writeFileSync(
      workflow,
      JSON.stringify({ Workflow: { id: 1, name: 'Hook', trigger_id: 'event-publish', data: graph } }),
    )
    writeFileSync(data, JSON.stringify({ Event: { id: '1', info: 'From the CLI', Attribute: [] } }))
  })
  afterAll(async () => {
    await receiver.close()
    rmSync(folder, { recursive: true, force: true })
  })

  it('posts to an allowed receiver', async () => {
    const result = await runCli(['run', workflow, '--data', data, '--setting', 'Sluice.outbound_allow_list=127.0.0.1'])
    expect(result.stderr).toBe('')
    expect(receiver.requests.map((request) => request.body)).toEqual(['"From the CLI"'])
  })

  it('refuses with MISP’s message without settings', async () => {
    receiver.requests.length = 0
    const result = await runCli(['run', workflow, '--data', data, '--json'])
    expect(receiver.requests).toHaveLength(0)
    expect(result.stdout).toContain('`Security.rest_client_enable_arbitrary_urls` is turned off')
  })
})
