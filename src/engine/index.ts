/**
 * The engine's public surface: the module contract and ports (types), the graph model, the
 * walker and runner, and the condition helpers modules share (spec/ENGINE.md §2–§3).
 */
export type * from './contract/index.ts'
export * from './graph/check-graph.ts'
export * from './graph/cycles.ts'
export * from './graph/graph-diff.ts'
export * from './graph/parse.ts'
export * from './graph/serialise.ts'
export * from './graph/validate.ts'
export * from './graph/workflow-file.ts'
export * from './run/messages.ts'
export { runDeferredWalk, runWorkflow, type RunWorkflowOptions, type WalkRun, type WorkflowRun } from './run/runner.ts'
export { needsRendering } from './run/params.ts'
export type { EngineOptions } from './run/run-context.ts'
export { executeModuleStateless, type StatelessOptions, type StatelessResult } from './run/stateless.ts'
export { systemUser } from './run/workflow-user.ts'
export * from './walk/conditions.ts'
export * from './walk/filters.ts'
export { createRoamingData, type EngineRoamingData } from './walk/roaming-data.ts'
export { CONCURRENT_TASK, edgeId, walkGraph, type WalkConsumer } from './walk/walker.ts'
export { workflowToDot } from './graph/dot.ts'
export { blueprintToMermaid, parseBlueprintNodes, workflowToMermaid } from './graph/mermaid.ts'
