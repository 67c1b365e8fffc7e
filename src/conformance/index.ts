/** Conformance tooling: MISP oracle scenarios and hash-path vectors, run against Sluice. */
export * from './compare.ts'
export * from './digest.ts'
export * from './file-runner.ts'
export * from './scenario-runner.ts'
export * from './test-record.ts'
