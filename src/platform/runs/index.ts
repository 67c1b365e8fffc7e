/** Run history, replay and the loop guard (issue #4; docs/runs.md). */
export * from './run-chain.ts'
export * from './run-recorder.ts'
export * from './run-service.ts'
export * from './run-view.ts'
