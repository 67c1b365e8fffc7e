import { isEmpty, isSet } from './array-semantics.ts'
import type { CoreScope } from './types.ts'

/**
 * Guesses the conversion scope from the top-level keys of the data, in MISP's exact order
 * (spec/CORE-FORMAT.md §2). "has" is PHP `isset`: present and not null.
 *
 * | # | condition                                   | scope     |
 * |---|---------------------------------------------|-----------|
 * | 1 | `Object` and no `Attribute`                 | object    |
 * | 2 | no `Attribute`                              | event     |
 * | 3 | `Attribute`, no `Event`                     | attribute |
 * | 4 | `RelatedEvent` or `Orgc` or `Org`           | event     |
 * | 5 | `Attribute` non-empty                       | attribute |
 * | 6 | otherwise (empty `Attribute` next to Event) | none      |
 */
export function guessScope(data: unknown): CoreScope {
  const hasAttribute = isSet(data, 'Attribute')
  if (isSet(data, 'Object') && !hasAttribute) return 'object'
  if (!hasAttribute) return 'event'
  if (!isSet(data, 'Event')) return 'attribute'
  if (isSet(data, 'RelatedEvent') || isSet(data, 'Orgc') || isSet(data, 'Org')) return 'event'
  if (!isEmpty((data as Record<string, unknown>).Attribute)) return 'attribute'
  return 'none'
}
