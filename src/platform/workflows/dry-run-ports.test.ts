import { describe, expect, it } from 'vitest'
import type { DataBackend, ModuleCatalogue, WorkflowModule } from '../../engine/index.ts'
import { createDryRun } from './dry-run-ports.ts'

/** A backend whose every call is noted, so that a test sees what really ran. */
function notingBackend(calls: string[]): DataBackend {
  return {
    fetchSimpleEvent: async (id: string) => {
      calls.push(`fetchSimpleEvent ${id}`)
      return null
    },
    listWarninglists: async () => {
      calls.push('listWarninglists')
      return []
    },
    attachTag: async () => {
      calls.push('attachTag')
      return true
    },
    publishEvent: async () => {
      calls.push('publishEvent')
      return { published: true, errors: [] }
    },
    // An operation added to the port later: not known to be read-only, so recorded.
    deleteEverything: async () => {
      calls.push('deleteEverything')
      return true
    },
  } as unknown as DataBackend
}

/** A catalogue of one action module whose exec calls `body` with its context. */
function catalogueOf(id: string, body: (ctx: any) => Promise<void>): ModuleCatalogue {
  const module = {
    descriptor: { id },
    exec: async (ctx: any) => {
      await body(ctx)
      return true
    },
  } as unknown as WorkflowModule
  return { trigger: () => undefined, module: (_type, wanted) => (wanted === id ? module : undefined) }
}

async function runNode(
  catalogue: ModuleCatalogue,
  id: string,
  ports: ReturnType<ReturnType<typeof createDryRun>['portsOf']>,
  params: Record<string, unknown> = {},
) {
  const module = catalogue.module('action', id)!
  await module.exec({
    node: { id: 7, data: { id, indexed_params: params } },
    backend: ports.backend,
    outbound: ports.outbound,
    deferrer: ports.deferrer,
    ports,
  } as any)
}

describe('createDryRun', () => {
  it('records data-changing operations, unknown ones included, and lets look-ups through', async () => {
    const calls: string[] = []
    const dry = createDryRun()
    const ports = dry.portsOf({ backend: notingBackend(calls) })
    const catalogue = dry.catalogueOf(
      catalogueOf('tag_operation', async (ctx) => {
        await ctx.backend.fetchSimpleEvent('4')
        await ctx.backend.listWarninglists()
        expect(await ctx.backend.attachTag({ kind: 'event', eventId: '4' }, { name: 'tlp:red', local: false })).toBe(
          true,
        )
        expect(await ctx.backend.publishEvent('4')).toEqual({ published: true, errors: [] })
        await ctx.backend.deleteEverything('now')
      }),
    )
    await runNode(catalogue, 'tag_operation', ports)
    expect(calls).toEqual(['fetchSimpleEvent 4', 'listWarninglists'])
    expect(dry.effects.map((effect) => [effect.node_id, effect.module_id, effect.operation])).toEqual([
      ['7', 'tag_operation', 'backend.attachTag'],
      ['7', 'tag_operation', 'backend.publishEvent'],
      ['7', 'tag_operation', 'backend.deleteEverything'],
    ])
    expect(dry.effects[0]?.arguments).toEqual([
      { kind: 'event', eventId: '4' },
      { name: 'tlp:red', local: false },
    ])
  })

  it('records outbound sends with header values and secret parameters masked', async () => {
    const sent: string[] = []
    const dry = createDryRun()
    const ports = dry.portsOf({
      outbound: {
        http: async () => {
          sent.push('http')
          return { status: 200, headers: {}, body: '' }
        },
        service: () => ({ url: 'http://127.0.0.1:6666', timeoutMs: 1000, enabled: true }),
      },
    })
    const secretUrl = 'https://example.webhook.office.com/webhookb2/secret-key-1234'
    const catalogue = dry.catalogueOf(
      catalogueOf('ms-teams-webhook', async (ctx) => {
        expect(ctx.outbound.service('enrichment-services')?.url).toBe('http://127.0.0.1:6666')
        const answer = await ctx.outbound.http({
          url: secretUrl,
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: 'Bearer abc' },
          body: `{"to":"${secretUrl}"}`,
        })
        expect(answer.status).toBe(200)
        await ctx.outbound.mail({ recipients: { allAdmins: true }, subject: 'Hi', body: 'there' })
        await ctx.outbound.publish('misp_json', { a: 1 })
      }),
    )
    await runNode(catalogue, 'ms-teams-webhook', ports, { url: secretUrl })
    expect(sent).toEqual([])
    expect(dry.effects.map((effect) => effect.operation)).toEqual([
      'outbound.http',
      'outbound.mail',
      'outbound.publish',
    ])
    expect(dry.effects[0]?.arguments[0]).toEqual({
      url: '******',
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: '******' },
      body: '{"to":"******"}',
    })
    expect(JSON.stringify(dry.effects)).not.toContain('secret-key-1234')
  })

  it('records a concurrent-task hand-off instead of deferring it', async () => {
    const dry = createDryRun()
    const ports = dry.portsOf({ deferrer: { defer: () => expect.unreachable('nothing may be enqueued') } })
    const catalogue = dry.catalogueOf(
      catalogueOf('concurrent-task', async (ctx) => {
        await ctx.deferrer.defer({ workflowId: '1', enqueuedBy: '7', nodeId: '8', pathType: 'non-blocking', data: {} })
      }),
    )
    await runNode(catalogue, 'concurrent-task', ports)
    expect(dry.effects).toEqual([
      {
        node_id: '7',
        module_id: 'concurrent-task',
        operation: 'deferrer.defer',
        arguments: [{ startNode: '8', enqueuedBy: '7' }],
      },
    ])
  })
})
