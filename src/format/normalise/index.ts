import type { CoreFormatLookups } from '../lookups.ts'
import type { NormalisedData } from '../types.ts'
import { normaliseAttributeAfterSave } from './attribute.ts'
import type { TriggerNormaliser } from './base.ts'
import { normaliseEnrichmentBeforeQuery } from './enrichment.ts'
import { normaliseEventReportAfterSave } from './event-report.ts'
import { normaliseEventTrigger } from './event.ts'
import { normaliseObjectAfterSave } from './object.ts'
import { normalisePassthrough } from './passthrough.ts'
import { normalisePostAfterSave } from './post.ts'
import { normaliseShadowAttribute } from './shadow-attribute.ts'
import { normaliseSightingAfterSave } from './sighting.ts'
import { normaliseTagAttachedAfterSave } from './tag-attached.ts'

export type { TriggerNormaliser } from './base.ts'
export { normaliseCoreFormat } from './base.ts'
export {
  normaliseAttributeAfterSave,
  normaliseEnrichmentBeforeQuery,
  normaliseEventReportAfterSave,
  normaliseEventTrigger,
  normaliseObjectAfterSave,
  normalisePassthrough,
  normalisePostAfterSave,
  normaliseShadowAttribute,
  normaliseSightingAfterSave,
  normaliseTagAttachedAfterSave,
}

/** The `normalizeData` of each of MISP's 17 triggers, by trigger id (spec/ENGINE.md §4.1, spec/CORE-FORMAT.md §6). */
export const TRIGGER_NORMALISERS: Readonly<Record<string, TriggerNormaliser>> = Object.freeze({
  'event-publish': normaliseEventTrigger,
  'event-after-save': normaliseEventTrigger,
  'event-after-save-new': normaliseEventTrigger,
  'event-after-save-new-from-pull': normaliseEventTrigger,
  'event-before-save': normaliseEventTrigger,
  'attribute-after-save': normaliseAttributeAfterSave,
  'object-after-save': normaliseObjectAfterSave,
  'shadow-attribute-before-save': normaliseShadowAttribute,
  'shadow-attribute-after-save': normaliseShadowAttribute,
  'sighting-after-save': normaliseSightingAfterSave,
  'tag-attached-after-save': normaliseTagAttachedAfterSave,
  'event-report-after-save': normaliseEventReportAfterSave,
  'enrichment-before-query': normaliseEnrichmentBeforeQuery,
  'post-after-save': normalisePostAfterSave,
  'user-before-save': normalisePassthrough,
  'user-after-save': normalisePassthrough,
  'log-after-save': normalisePassthrough,
})

/**
 * Runs the `normalizeData` of trigger `triggerId` on its raw data (spec/ENGINE.md §2.2 step 3,
 * §2.4). Resolves to false where MISP returns false (a missing `Sighting`, `Tag`, …); rejects
 * where MISP throws, and for an unknown trigger id. The raw data is never modified.
 */
export function normaliseForTrigger(
  triggerId: string,
  rawData: unknown,
  lookups: CoreFormatLookups,
): Promise<NormalisedData | false> {
  const normaliser = Object.hasOwn(TRIGGER_NORMALISERS, triggerId) ? TRIGGER_NORMALISERS[triggerId] : undefined
  if (normaliser === undefined) return Promise.reject(new Error(`Unknown trigger ${triggerId}`))
  return normaliser(rawData, lookups)
}
