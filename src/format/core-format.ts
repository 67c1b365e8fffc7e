import { copyJson } from './copy-json.ts'
import { convertAttributeScope, convertObjectScope } from './encapsulate.ts'
import { convertEventScope } from './event-scope.ts'
import { includeFlattenedAttributes } from './flatten.ts'
import type { CoreFormatLookups } from './lookups.ts'
import { isMap, isPhpArray, setOwn } from './array-semantics.ts'
import { guessScope } from './scope.ts'
import type { CoreData, PhpMap } from './types.ts'

/**
 * Converts raw trigger data to the MISP core format as `WorkflowFormatConverterTool::convert`
 * does (spec/CORE-FORMAT.md §2–§3):
 *
 * ```
 * data ─ guessScope ─┬─ event     ─ cleaner + _allTags ──────────────────────────────┐
 *                    ├─ attribute ─ clean, wrap in object?, encapsulate with event ──┤
 *                    ├─ object    ─ move siblings, encapsulate with event ───────────┤
 *                    └─ none      ─ {} ──────────────────────────────────────────────┤
 *                          copy top-level `_…` keys, then Event._AttributeFlattened ─┘
 * ```
 *
 * The input is never modified and the result shares nothing with it. Throws a TypeError where
 * PHP would raise an Error (for example a scalar `Event`).
 */
export async function toCoreFormat(data: PhpMap | unknown[], lookups: CoreFormatLookups): Promise<CoreData> {
  if (!isPhpArray(data))
    throw new TypeError('WorkflowFormatConverterTool::convert(): Argument #1 ($data) must be of type array')
  const converted = await convertByScope(data, lookups)
  if (isMap(data)) {
    for (const key of Object.keys(data)) {
      if (key.startsWith('_')) setOwn(converted, key, copyJson(data[key]))
    }
  }
  return includeFlattenedAttributes(converted)
}

async function convertByScope(data: PhpMap | unknown[], lookups: CoreFormatLookups): Promise<PhpMap> {
  switch (guessScope(data)) {
    case 'event':
      return convertEventScope(data)
    case 'attribute':
      return convertAttributeScope(data as PhpMap, lookups)
    case 'object':
      return convertObjectScope(data as PhpMap, lookups)
    case 'none':
      return {}
  }
}
