/**
 * The loop guard (issue #4 point 6, spec/ENGINE.md §2.14, docs/runs.md) over real HTTP on every
 * test database. A workflow on `tag-attached-after-save` that attaches a tag (then takes it off
 * again, so that the next attach is new) fires its own trigger for ever in MISP. Here each run's
 * tag operation carries the run's chain, and the run past the limit fails with SLC_LOOP_GUARD
 * naming the chain; nothing further fires and the server keeps answering.
 *
 *   REST attach "start" ─▶ run 1 ─▶ tag_operation add "loop:ping" ─▶ tag-attached-after-save ─▶ run 2 …
 *                                 └▶ tag_operation remove "loop:ping"
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBuiltinRegistry } from '../src/modules/index.ts'
import type { LocalPlatform } from '../src/platform/index.ts'
import { MODULES_ENABLED_SETTING } from '../src/platform/settings/settings-service.ts'
import { testDatabases } from './harness/databases.ts'
import { buildGraph } from './harness/graph-builder.ts'
import { type ServedTestPlatform, serveTestPlatform } from './harness/test-platform.ts'

const KEY = 'l'.repeat(40)
const TRIGGER = 'tag-attached-after-save'

const loopGraph = buildGraph([
  { id: 1, module: TRIGGER, type: 'trigger', params: { scope: 'any', locality: 'any' }, outputs: { output_1: [2] } },
  {
    id: 2,
    module: 'tag_operation',
    type: 'action',
    params: { scope: 'event', action: 'add', locality: 'local', tags: ['loop:ping'] },
    outputs: { output_1: [3] },
  },
  {
    id: 3,
    module: 'tag_operation',
    type: 'action',
    params: { scope: 'event', action: 'remove', locality: 'any', tags: ['loop:ping'] },
  },
])

for (const db of testDatabases()) {
  describe(`${db.name}: loop guard`, () => {
    let env: ServedTestPlatform
    let platform: LocalPlatform
    let workflowId: string

    const send = (method: string, path: string, body?: unknown) => env.send(method, path, body)

    beforeEach(async () => {
      env = await serveTestPlatform(db, { adminKey: KEY, registry: createBuiltinRegistry() })
      platform = env.platform
      await platform.settings.set('Plugin.Workflow_enable', true)
      await platform.settings.set(`Plugin.Workflow_triggers_${TRIGGER}`, true)
      const enabled = platform.settings.get(MODULES_ENABLED_SETTING) as string[]
      await platform.settings.set(MODULES_ENABLED_SETTING, [...enabled, 'tag_operation'])
      workflowId = String(
        (await platform.workflows.install({ id: 0, name: 'Ping', trigger_id: TRIGGER, data: loopGraph })).id,
      )
    })
    afterEach(() => env.close())

    /** Adds an event and attaches a local tag to it over HTTP; answers the event's uuid. */
    async function attachStart(info: string, tag = 'start'): Promise<{ id: string; uuid: string }> {
      const added = await send('POST', '/events/add', { Event: { info } })
      expect(added.status, added.text).toBe(200)
      const { id, uuid } = added.json.Event
      const created = await send('POST', '/tags/add', { Tag: { name: tag } })
      expect(created.status, created.text).toBe(200)
      const attached = await send('POST', '/tags/attachTagToObject', { uuid, tag, local: 1 })
      expect(attached.status, attached.text).toBe(200)
      return { id, uuid }
    }

    async function runsOfTrigger() {
      const list = await send('GET', `/sluice/runs?trigger=${TRIGGER}&limit=100`)
      expect(list.status, list.text).toBe(200)
      return list.json.runs as any[]
    }

    it('stops a workflow that re-fires its own trigger at the depth limit, naming the chain', async () => {
      const event = await attachStart('Loop')
      await platform.drain()
      const runs = await runsOfTrigger()
      // Ten runs went through (chains of 0 to 9 causing runs), the eleventh was refused.
      expect(runs).toHaveLength(11)
      const [refused, ...done] = runs
      expect(done.every((run) => run.outcome === 'success')).toBe(true)
      expect(refused.outcome).toBe('failure')
      expect(refused.errors).toHaveLength(1)
      const chain = Array.from({ length: 11 }, () => `workflow #${workflowId} (${TRIGGER})`).join(' → ')
      expect(refused.errors[0]).toContain('SLC_LOOP_GUARD')
      expect(refused.errors[0]).toContain('10 deep (limit 10)')
      expect(refused.errors[0]).toContain(`Chain: ${chain}`)
      expect(refused.chain).toHaveLength(11)
      // Each run's chain is its cause's plus itself.
      const depths = done.map((run) => run.chain.length).sort((a, b) => a - b)
      expect(depths).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
      // The refusal is in MISP's execution log too (model Workflow: it fires nothing).
      const logs = await send('GET', '/admin/logs/index?model=Workflow&limit=1000')
      expect(logs.json.some((row: any) => row.Log.title.includes('SLC_LOOP_GUARD'))).toBe(true)
      // Nothing fires after the refusal: the queue is empty and no new run appears.
      await platform.drain()
      expect(await runsOfTrigger()).toHaveLength(11)
      expect(await platform.queue.depth()).toMatchObject({ queued: 0, running: 0 })
      // The server stays healthy, and a person's next attach starts a fresh chain.
      expect((await send('GET', `/events/view/${event.id}`)).status).toBe(200)
      await send('POST', '/sluice/runs/settings', { loopMaxDepth: 2 })
      await attachStart('Second', 'again')
      await platform.drain()
      const after = await runsOfTrigger()
      expect(after).toHaveLength(14)
      expect(after[0].errors[0]).toContain('2 deep (limit 2)')
      expect(after[1].chain).toHaveLength(2)
      expect(after[2].chain).toHaveLength(1)
    })

    it('stops the synchronous event-publish → publish-event recursion, and the publish answers', async () => {
      await platform.settings.set('Plugin.Workflow_triggers_event-publish', true)
      const enabled = platform.settings.get(MODULES_ENABLED_SETTING) as string[]
      await platform.settings.set(MODULES_ENABLED_SETTING, [...enabled, 'publish-event'])
      const graph = buildGraph([
        { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
        { id: 2, module: 'publish-event', type: 'action' },
      ])
      await platform.workflows.install({ id: 0, name: 'Republish', trigger_id: 'event-publish', data: graph })
      await send('POST', '/sluice/runs/settings', { loopMaxDepth: 5 })
      const added = await send('POST', '/events/add', { Event: { info: 'Publish loop' } })
      const published = await send('POST', `/events/publish/${added.json.Event.id}`)
      expect(published.status, published.text).toBe(200)
      const runs = (await send('GET', '/sluice/runs?trigger=event-publish')).json.runs as any[]
      // Five nested runs, the sixth refused; the refusal reaches the deepest run as its action's error.
      expect(runs).toHaveLength(6)
      const refused = runs.find((run) => run.outcome === 'failure')
      expect(refused.errors[0]).toContain('5 deep (limit 5)')
      expect(refused.chain).toHaveLength(6)
      const deepest = runs.find((run) => run.chain.length === 5)
      expect(deepest.errors.join(' ')).toContain('SLC_LOOP_GUARD')
      expect((await send('GET', `/events/view/${added.json.Event.id}`)).status).toBe(200)
    })

    it('stops a workflow re-entering itself more often than the re-entry limit', async () => {
      await send('POST', '/sluice/runs/settings', { loopMaxReentries: 3 })
      await attachStart('Reentry')
      await platform.drain()
      const runs = await runsOfTrigger()
      expect(runs).toHaveLength(4)
      expect(runs[0].outcome).toBe('failure')
      expect(runs[0].errors[0]).toContain('already ran 3 times in this chain (limit 3)')
    })
  })
}
