/**
 * Sluice as a library (ARCHITECTURE.md §5): the engine, the hash-path functions, the module
 * registry and the module contract, so that another application can embed the engine.
 *
 *     import { createBuiltinRegistry, runWorkflow } from 'sluice'
 *     const run = await runWorkflow({ catalogue: createBuiltinRegistry(), workflow, triggerId, data })
 */
export * from './engine/index.ts'
export * from './errors.ts'
export * as hashpath from './hashpath/index.ts'
export { check, combine, extract, get, insert, remove } from './hashpath/index.ts'
export * from './modules/index.ts'
