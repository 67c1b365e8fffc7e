/** The module contract and the ports: types only (ARCHITECTURE.md §4). */
export type * from './data-operations.ts'
export type * from './graph.ts'
export type * from './module.ts'
export type * from './outcome.ts'
export type * from './ports.ts'
