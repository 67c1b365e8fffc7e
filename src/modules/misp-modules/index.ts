/** misp-modules: the protocol client, its action modules as workflow modules (spec/ENGINE.md §5.7). */
export * from './action-modules.ts'
export * from './misp-modules-client.ts'
export * from './live-registry.ts'
