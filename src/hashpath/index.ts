/**
 * CakePHP 2.x `Hash` path semantics as MISP Workflows use them (spec/HASHPATH.md). Pure: no I/O.
 */
export { check } from './check.ts'
export { type CombinePath, combine } from './combine.ts'
export { type ExtractPath, extract } from './extract.ts'
export { type GetPath, get } from './get.ts'
export { insert } from './insert.ts'
export type { Condition, MatchOp, ParsedPath, PathToken, Selector } from './parse-path.ts'
export { parsePath } from './parse-path.ts'
export { remove } from './remove.ts'
export { compilePcre, type SafeRegex, testPcre } from './regex.ts'
export { type HashpathVector, runHashpathVector, type VectorResult } from './vector-runner.ts'
