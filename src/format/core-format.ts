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
 * The input is never modified. Maps the conversion changes are new; values it leaves alone are
 * shared with the input rather than deep-copied, which keeps a run's cost near one copy of its
 * attributes. Treat both as immutable (modules copy on write, docs/modules.md). The entries of
 * `_AttributeFlattened` are the exception: independent deep copies, as MISP's PHP values are.
 * Throws a TypeError where PHP would raise an Error (for example a scalar `Event`).
 */
export async function toCoreFormat(data: PhpMap | unknown[], lookups: CoreFormatLookups): Promise<CoreData> {
  if (!isPhpArray(data))
    throw new TypeError('WorkflowFormatConverterTool::convert(): Argument #1 ($data) must be of type array')
  const converted = await convertByScope(data, lookups)
  if (isMap(data)) {
    for (const key of Object.keys(data)) {
      if (key.startsWith('_')) setOwn(converted, key, data[key])
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
