/**
 * What a hash path extracts from sample data, for the helper beside hash-path fields
 * (issue #6 point 3). Uses Sluice's own CakePHP `Hash::extract` (src/hashpath), so the preview
 * and the engine agree. A sub-selector path is applied to the items its element selector picks.
 */
import { extract } from '../../../../../src/hashpath/index.ts'

/** Presets for element selectors (spec/UI.md §3.7). */
export const ELEMENT_PRESETS: ReadonlyArray<[string, string]> = [
  ['All Attributes', 'Event._AttributeFlattened.{n}'],
  ['All tags attached to all Attributes', 'Event._AttributeFlattened.{n}.Tag.{n}'],
  ['All tags attached to the Event', 'Event.Tag.{n}'],
]

/** Presets for paths inside one selected item. */
export const SUB_PRESETS: ReadonlyArray<[string, string]> = [
  ['Attribute type', 'type'],
  ['All tags', 'Tag.{n}.name'],
  ['Warnings from warninglists', 'warnings.{n}.warninglist_name'],
  ['Feed correlation', 'Feed.{n}.name'],
  ['All enrichments', 'enrichment.{n}'],
]

/** The preview text: pretty JSON of what the path gives, or the error in words. */
export function previewHashPath(sample: unknown, path: string, selector?: string): string {
  if (path.trim() === '') return 'Type a path to see what it extracts.'
  try {
    if (selector !== undefined && selector.trim() !== '') {
      const items = extract(sample, selector) ?? []
      const list = Array.isArray(items) ? items : Object.values(items as object)
      const results = list.slice(0, 5).map((item) => extract(item, path))
      return `${list.length} item(s) selected by ${selector}; first ${results.length}:\n${JSON.stringify(results, null, 2)}`
    }
    const result = extract(sample, path)
    const count = Array.isArray(result) ? result.length : result === null || result === undefined ? 0 : 1
    return `${count} value(s):\n${JSON.stringify(result, null, 2)}`.slice(0, 4000)
  } catch (error) {
    return `This path cannot be read: ${(error as Error).message}`
  }
}
