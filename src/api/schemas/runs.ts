/**
 * Schemas of `/sluice/runs` (docs/runs.md): the list's filters, a run summary and a full run,
 * replay and the run settings. Sluice's own API, so its keys are camelCase.
 */
import { Type } from '@fastify/type-provider-typebox'

// Nine digits at most: the store's ids are 32-bit integers and a page beyond that would make an
// offset PostgreSQL and SQLite refuse; neither bound is reached by a real history.
const Digits = Type.String({ pattern: '^[0-9]{1,9}$' })

/** `GET /sluice/runs` query: filters, paging (`limit` 1–1000, default 50; `page` from 1). */
export const RunListQuery = Type.Object(
  {
    trigger: Type.Optional(Type.String({ description: 'Trigger id, e.g. `event-publish`' })),
    workflow: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$', description: 'Workflow id' })),
    outcome: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('blocked'), Type.Literal('failure')])),
    kind: Type.Optional(
      Type.Union(
        ['trigger', 'deferred', 'concurrent', 'manual', 'stateless', 'replay'].map((kind) => Type.Literal(kind)),
      ),
    ),
    parent: Type.Optional(Type.String({ description: 'Only the runs this run caused' })),
    from: Type.Optional(Type.String({ description: 'Started at or after: ISO 8601 or ms since the epoch' })),
    to: Type.Optional(Type.String({ description: 'Started at or before: ISO 8601 or ms since the epoch' })),
    limit: Type.Optional(Digits),
    page: Type.Optional(Digits),
  },
  { additionalProperties: false },
)

const ChainLink = Type.Object({
  workflowId: Type.String(),
  triggerId: Type.String(),
  runId: Type.Optional(Type.String()),
})

const summaryProperties = {
  id: Type.String({ format: 'uuid' }),
  kind: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  triggerId: Type.Union([Type.String(), Type.Null()]),
  workflowId: Type.Union([Type.String(), Type.Null()]),
  workflowName: Type.Union([Type.String(), Type.Null()]),
  startNode: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  errors: Type.Array(Type.String()),
  chain: Type.Array(ChainLink),
  startedAt: Type.String({ format: 'date-time' }),
  durationMs: Type.Number(),
}

/** A run in a list. */
export const RunSummary = Type.Object(summaryProperties)

/** A page of runs, newest first. */
export const RunPage = Type.Object({
  runs: Type.Array(RunSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  limit: Type.Integer(),
})

/** One run with its input, the graph that ran and the per-node trace. */
export const RunDetail = Type.Object({
  ...summaryProperties,
  input: Type.Unknown(),
  graph: Type.Unknown(),
  trace: Type.Object({
    outcomeText: Type.String(),
    executedNodes: Type.Array(Type.String()),
    blockingNodes: Type.Array(Type.String()),
    blockedPaths: Type.Array(Type.Array(Type.String())),
    message: Type.Optional(Type.String()),
    entries: Type.Array(Type.Record(Type.String(), Type.Unknown()), {
      description:
        'One per node the walk produced: nodeId, moduleId, status, branch, durationMs, errors; with data capture on, ' +
        'dataIn (the data the node saw, cut at Sluice.runs_data_cap_bytes: dataTruncated true), or dataIn null with ' +
        'dataUnavailable saying why a view recorded by reference could not be derived again (docs/runs.md)',
    }),
  }),
  children: Type.Array(RunSummary),
})

/** `:id` of a run. */
export const RunIdParams = Type.Object({ id: Type.String() })

/** `POST /sluice/runs/:id/replay` body. */
export const ReplayBody = Type.Object(
  {
    against: Type.Union([Type.Literal('current'), Type.Literal('recorded')], {
      description: '`current`: the workflow as saved now; `recorded`: the graph that ran',
    }),
  },
  { additionalProperties: false },
)

const settingsProperties = {
  captureData: Type.Boolean({ description: 'Keep the data each node saw' }),
  dataCapBytes: Type.Integer({ minimum: 256, maximum: 16_777_216, description: 'Largest node data view kept' }),
  maxAgeDays: Type.Integer({ minimum: 0, maximum: 36_500, description: 'Purge runs older than this (0: never)' }),
  maxCount: Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'Keep only this many runs (0: all)' }),
  loopMaxDepth: Type.Integer({ minimum: 1, maximum: 1000, description: 'Longest causal chain of runs' }),
  loopMaxReentries: Type.Integer({
    minimum: 1,
    maximum: 1000,
    description: 'How often one workflow may run in one chain',
  }),
}

/** The run history's and the loop guard's settings. */
export const RunSettings = Type.Object(settingsProperties)

/** `POST /sluice/runs/settings` body: any of the settings. */
export const RunSettingsBody = Type.Partial(Type.Object(settingsProperties, { additionalProperties: false }), {
  additionalProperties: false,
})

/** `POST /sluice/runs/purge` answer. */
export const PurgeResult = Type.Object({ deleted: Type.Integer() })

/** `GET /sluice/runs/stats` query: a time range (default: the last 24 hours) and the bucket size. */
export const RunStatsQuery = Type.Object(
  {
    trigger: Type.Optional(Type.String()),
    from: Type.Optional(Type.String({ description: 'ISO 8601 or ms since the epoch' })),
    to: Type.Optional(Type.String({ description: 'ISO 8601 or ms since the epoch' })),
    bucket: Type.Optional(Type.Union([Type.Literal('minute'), Type.Literal('hour'), Type.Literal('day')])),
  },
  { additionalProperties: false },
)

/** Runs per time bucket, trigger and outcome, with mean and longest duration. */
export const RunStats = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  bucketMs: Type.Integer(),
  groups: Type.Array(
    Type.Object({
      bucketStart: Type.String({ format: 'date-time' }),
      triggerId: Type.Union([Type.String(), Type.Null()]),
      outcome: Type.String(),
      runs: Type.Integer(),
      avgMs: Type.Number(),
      maxMs: Type.Number(),
    }),
  ),
})
