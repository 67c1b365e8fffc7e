/**
 * Sluice's own workflow routes (issue #4; docs/workflow-api.md), site admins only:
 *
 *   GET  /sluice/workflows/:id/graph.mmd | graph.dot          Mermaid / DOT text of a workflow
 *   GET  /sluice/blueprints/:id/graph.mmd | graph.dot         the same for a blueprint
 *   GET  /sluice/workflows/:id/versions                        every saved version, newest first
 *   GET  /sluice/workflows/:id/versions/:version               one version with its graph
 *   GET  /sluice/workflows/:id/versions/:from/diff/:to         what changed from one version to another
 *   POST /sluice/workflows/:id/versions/:version/restore       saves that version again (a new version)
 *   GET  /sluice/triggers/:trigger/workflows                   a trigger's workflows in run order
 *   POST /sluice/triggers/:trigger/workflows                   adds another workflow to a trigger
 *   PUT  /sluice/triggers/:trigger/workflows/order             sets the run order: {"workflow_ids": [...]}
 *   POST /sluice/workflows/run                                 runs an unsaved graph, dry or not (issue #6 point 4)
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { parseGraph, workflowToDot, workflowToMermaid } from '../../engine/index.ts'
import type { RouteDeps } from './route-deps.ts'
import { requireSiteAdmin, workflowAdminOf } from './workflow-admin-access.ts'

const TAGS = ['sluice workflows']
const Id = Type.String({ pattern: '^[0-9]{1,10}$' })
const WorkflowParams = Type.Object({ id: Id })
const VersionParams = Type.Object({ id: Id, version: Id })
const DiffParams = Type.Object({ id: Id, from: Id, to: Id })
const TriggerParams = Type.Object({ trigger: Type.String({ pattern: '^[a-z0-9-]{1,100}$' }) })
const NewWorkflow = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 191 })),
    description: Type.Optional(Type.String({ maxLength: 191 })),
  },
  { additionalProperties: false },
)
const GraphRun = Type.Object(
  {
    trigger_id: Type.String({ pattern: '^[a-z0-9-]{1,100}$', description: 'The trigger the graph belongs to' }),
    graph: Type.Unknown({ description: 'MISP’s workflow data JSON (`Workflow.data`), as the editor holds it' }),
    data: Type.Unknown({ description: 'The raw trigger payload' }),
    dry_run: Type.Boolean({
      description: 'Record what data-changing and outbound actions would do instead of doing it; nothing is enqueued',
    }),
    workflow_id: Type.Optional(Id),
  },
  { additionalProperties: false },
)
const GraphRunAnswer = Type.Object({
  dry_run: Type.Boolean(),
  success: Type.Boolean(),
  outcome: Type.String({ description: '`success`, `blocked` or `failure`' }),
  outcome_text: Type.String(),
  errors: Type.Array(Type.String()),
  run_id: Type.Union([Type.String(), Type.Null()], { description: 'The history id; null for a dry run' }),
  trace: Type.Object({
    outcomeText: Type.String(),
    executedNodes: Type.Array(Type.String()),
    blockingNodes: Type.Array(Type.String()),
    blockedPaths: Type.Array(Type.Array(Type.String())),
    entries: Type.Array(Type.Record(Type.String(), Type.Unknown()), {
      description: 'One entry per node, as in a run record (`/sluice/runs/:id`), with `dataIn`',
    }),
  }),
  effects: Type.Array(
    Type.Object({
      node_id: Type.Union([Type.String(), Type.Null()]),
      module_id: Type.Union([Type.String(), Type.Null()]),
      operation: Type.String(),
      arguments: Type.Array(Type.Unknown()),
    }),
    { description: 'What a dry run would have done, secrets masked' },
  ),
  deferred: Type.Array(Type.Object({ enqueued_by: Type.String(), start_node: Type.String() })),
})
const Order = Type.Object({ workflow_ids: Type.Array(Type.Union([Type.String(), Type.Integer()]), { maxItems: 1000 }) })

/** Registers the Sluice workflow routes. */
export const sluiceWorkflowRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
  const admin = (request: FastifyRequest) => {
    requireSiteAdmin(actorOf(request))
    return workflowAdminOf(platform)
  }

  for (const [extension, format] of [
    ['mmd', 'mermaid'],
    ['dot', 'dot'],
  ] as const) {
    app.get(
      `/sluice/workflows/:id/graph.${extension}`,
      {
        schema: {
          tags: TAGS,
          summary: `A workflow as ${format === 'dot' ? 'Graphviz DOT' : 'Mermaid'} text`,
          params: WorkflowParams,
        },
      },
      async (request, reply) => {
        const { Workflow } = await admin(request).workflows.view(request.params.id)
        const graph = parseGraph(Workflow.data)
        const text = format === 'dot' ? workflowToDot(graph) : workflowToMermaid(graph)
        return reply.type('text/plain; charset=utf-8').send(text)
      },
    )
    app.get(
      `/sluice/blueprints/:id/graph.${extension}`,
      {
        schema: {
          tags: TAGS,
          summary: `A blueprint as ${format === 'dot' ? 'Graphviz DOT' : 'Mermaid'} text`,
          params: WorkflowParams,
        },
      },
      async (request, reply) => {
        const text = await admin(request).blueprints.graph(request.params.id, format)
        return reply.type('text/plain; charset=utf-8').send(text)
      },
    )
  }

  app.get(
    '/sluice/workflows/:id/versions',
    { schema: { tags: TAGS, summary: 'Every saved version of a workflow, newest first', params: WorkflowParams } },
    async (request) => ({ versions: await admin(request).workflows.versions(request.params.id) }),
  )
  app.get(
    '/sluice/workflows/:id/versions/:version',
    { schema: { tags: TAGS, summary: 'One version of a workflow, with its graph', params: VersionParams } },
    async (request) => ({ version: await admin(request).workflows.version(request.params.id, request.params.version) }),
  )
  app.get(
    '/sluice/workflows/:id/versions/:from/diff/:to',
    {
      schema: {
        tags: TAGS,
        summary: 'Nodes and parameters added, removed and changed between two versions',
        params: DiffParams,
      },
    },
    async (request) => admin(request).workflows.diff(request.params.id, request.params.from, request.params.to),
  )
  app.post(
    '/sluice/workflows/:id/versions/:version/restore',
    {
      schema: {
        tags: TAGS,
        summary: 'Saves an earlier version again, which makes a new version',
        params: VersionParams,
      },
    },
    async (request) => admin(request).workflows.restore(request.params.id, request.params.version),
  )

  app.get(
    '/sluice/triggers/:trigger/workflows',
    { schema: { tags: TAGS, summary: 'The workflows of a trigger, in the order they run', params: TriggerParams } },
    async (request) => ({ workflows: await admin(request).workflows.forTrigger(request.params.trigger) }),
  )
  app.post(
    '/sluice/triggers/:trigger/workflows',
    {
      schema: {
        tags: TAGS,
        summary: 'Adds another workflow to a trigger (it runs after the others)',
        params: TriggerParams,
        body: Type.Optional(NewWorkflow),
      },
    },
    async (request) => admin(request).workflows.addForTrigger(request.params.trigger, request.body ?? {}),
  )
  app.post(
    '/sluice/workflows/run',
    {
      schema: {
        tags: TAGS,
        summary: 'Runs a workflow graph, saved or not, on a trigger payload; a dry run records its effects instead',
        body: GraphRun,
        response: { 200: GraphRunAnswer },
      },
    },
    async (request) => admin(request).runs.runGraph(request.body),
  )
  app.put(
    '/sluice/triggers/:trigger/workflows/order',
    {
      schema: {
        tags: TAGS,
        summary: 'Sets the order a trigger’s workflows run in',
        params: TriggerParams,
        body: Order,
      },
    },
    async (request) => ({
      workflows: await admin(request).workflows.reorder(request.params.trigger, request.body.workflow_ids),
    }),
  )
}
