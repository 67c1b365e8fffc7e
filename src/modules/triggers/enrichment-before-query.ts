import { normaliseForTrigger } from '../../format/index.ts'
import { defineTrigger } from '../define.ts'

/**
 * Enrichment Before Query (blocking): fires before every query to an enrichment module, with the
 * caller's data plus `_module`, converted to the core format (spec/ENGINE.md §4.1, §4.1.1).
 */
export const enrichmentBeforeQuery = defineTrigger({
  id: 'enrichment-before-query',
  scope: 'others',
  name: 'Enrichment Before Query',
  description: 'This trigger is called just before a query against the enrichment service is done',
  icon: 'asterisk',
  blocking: true,
  misp_core_format: true,
  trigger_overhead: 1,
  normalise: (raw, { lookups }) => normaliseForTrigger('enrichment-before-query', raw, lookups),
})
