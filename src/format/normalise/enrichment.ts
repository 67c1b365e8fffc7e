import type { CoreFormatLookups } from '../lookups.ts'
import type { NormalisedData } from '../types.ts'
import { normaliseCoreFormat } from './base.ts'

/**
 * `enrichment-before-query`: the base conversion of whatever the caller passed plus `_module`.
 * The scope is guessed (event enrichment: event scope; hover: attribute scope; `{_module}` only:
 * `{Event: {_AttributeFlattened: []}, _module}`), and `_module` survives through the `_` rule
 * (spec/CORE-FORMAT.md §3.4, §6 "Enrichment").
 */
export function normaliseEnrichmentBeforeQuery(
  data: unknown,
  lookups: CoreFormatLookups,
): Promise<NormalisedData | false> {
  return normaliseCoreFormat(data, lookups)
}
