/**
 * The walk shared by the three tag-replacement modules (spec/ENGINE.md §4.3): find the tags
 * a rule rewrites on the event and on each attribute, detach the originals when asked, attach
 * the substitutes.
 */
import type { ModuleContext, TagTarget } from '../../../engine/index.ts'
import { phpToString } from '../../../format/index.ts'
import { extract } from '../../../hashpath/index.ts'
import { idOf, type Item, recordsOf } from './items.ts'
import { requireOperation } from './operations.ts'

/** A rule: the substitute of a tag name, or null when the rule does not apply to it. */
export type TagSubstitution = (tagName: string) => string | null

/** One rewrite on one target. */
interface Rewrite {
  target: TagTarget
  original: string
  substitute: string
}

function rewritesOf(target: TagTarget, tags: unknown, substitute: TagSubstitution): Rewrite[] {
  const rewrites: Rewrite[] = []
  for (const tag of recordsOf(tags)) {
    const original = phpToString(tag.name)
    const replacement = substitute(original)
    // A tag already in its canonical form is left alone (MISP detaches and re-attaches it,
    // which only fires triggers: docs/differences-from-misp.md).
    if (replacement !== null && replacement !== original) rewrites.push({ target, original, substitute: replacement })
  }
  return rewrites
}

function attributesOf(items: unknown): Item[] {
  try {
    return recordsOf(extract(items, 'Event._AttributeFlattened.{n}'))
  } catch {
    return []
  }
}

/** Every rewrite the rule gives for the scope (`event`, `attribute` or `all`). */
function collectRewrites(items: unknown, scope: string, substitute: TagSubstitution): Rewrite[] {
  const rewrites: Rewrite[] = []
  const event = (items as Item | null)?.Event
  if (scope === 'event' || scope === 'all') {
    const eventId = idOf(event?.id)
    if (eventId !== null) rewrites.push(...rewritesOf({ kind: 'event', eventId }, event?.Tag, substitute))
  }
  if (scope === 'attribute' || scope === 'all') {
    for (const attribute of attributesOf(items)) {
      const attributeId = idOf(attribute.id)
      if (attributeId !== null)
        rewrites.push(...rewritesOf({ kind: 'attribute', attributeId }, attribute.Tag, substitute))
    }
  }
  return rewrites
}

/**
 * Runs a tag replacement: items are the node-filtered items, else the whole data. The result
 * is that of the last operation (true when there was nothing to do). MISP quirk (Q8): the
 * default `remove_substituted` `"1"` is not an option and acts as "no".
 */
export async function replaceTags(ctx: ModuleContext, substitute: TagSubstitution): Promise<boolean> {
  const items = ctx.filtersEnabled ? ctx.matchingItems() : ctx.data
  if (items === false || items === null || items === undefined) return true
  const rewrites = collectRewrites(items, phpToString(ctx.params.scope), substitute)
  if (rewrites.length === 0) return true
  const attach = requireOperation(ctx, 'attachTag')
  const detach = requireOperation(ctx, 'detachTag')
  const isRemoving = phpToString(ctx.params.remove_substituted) === 'yes'
  const local = phpToString(ctx.params.locality) === 'local'
  const relationshipType = phpToString(ctx.params.relationship_type)
  let result = true
  for (const rewrite of rewrites) {
    if (isRemoving) result = await detach(rewrite.target, { name: rewrite.original, local: null })
    result = await attach(rewrite.target, { name: rewrite.substitute, local, relationshipType })
  }
  return result
}

/**
 * A substitution from a taxonomy pattern: the tag is rewritten when the pattern matches
 * anywhere in it and its first group, lower-cased, is exactly `namespace`; the substitute is
 * `<prefix><predicate>` with the predicate cased by `casePredicate`.
 */
export function taxonomySubstitution(
  pattern: RegExp,
  namespace: string,
  prefix: string,
  casePredicate: (predicate: string) => string,
): TagSubstitution {
  return (tagName) => {
    const match = pattern.exec(tagName)
    if (!match || match[1].toLowerCase() !== namespace || !match.groups?.predicate) return null
    return `${prefix}${casePredicate(match.groups.predicate)}`
  }
}
