/** The MISP core format and PHP value semantics (spec/CORE-FORMAT.md). Pure: no I/O. */
export * from './php.ts'
export type { CoreData, CoreEvent, CoreScope, NormalisedData, PhpMap } from './types.ts'
export type {
  AttributeRow,
  CoreFormatLookups,
  EventRow,
  EventTagRow,
  ObjectSimpleRow,
  QuickEventRow,
  SimpleEventRow,
  ThreadRow,
} from './lookups.ts'
export { toCoreFormat } from './core-format.ts'
export { inMemoryLookups } from './in-memory-lookups.ts'
export type { LookupFixtures } from './in-memory-lookups.ts'
export { guessScope } from './scope.ts'
export { copyJson } from './copy-json.ts'
export { isMap } from './array-semantics.ts'
export {
  normaliseAttributeAfterSave,
  normaliseCoreFormat,
  normaliseEnrichmentBeforeQuery,
  normaliseEventReportAfterSave,
  normaliseEventTrigger,
  normaliseForTrigger,
  normaliseObjectAfterSave,
  normalisePassthrough,
  normalisePostAfterSave,
  normaliseShadowAttribute,
  normaliseSightingAfterSave,
  normaliseTagAttachedAfterSave,
  TRIGGER_NORMALISERS,
} from './normalise/index.ts'
export type { TriggerNormaliser } from './normalise/index.ts'
export {
  categoriesForType,
  DESCRIBE_TYPES,
  defaultCategory,
  defaultToIds,
  isCategoryAllowed,
  isCompositeType,
  isKnownCategory,
  isKnownType,
} from './describe-types.ts'
export type { DescribeTypesTable } from './describe-types.ts'
export { validateAttributeValue } from './validate-value.ts'
