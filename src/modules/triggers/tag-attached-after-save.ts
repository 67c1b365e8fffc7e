import { isEmpty, normaliseForTrigger, phpLooseEquals } from '../../format/index.ts'
import { defineTrigger } from '../define.ts'

/** The raw `Tag` of the trigger data, or an empty map when there is none (PHP reads null). */
function rawTag(raw: unknown): Record<string, unknown> {
  const tag = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).Tag : undefined
  return typeof tag === 'object' && tag !== null ? (tag as Record<string, unknown>) : {}
}

/**
 * The trigger's own conditions, checked on the raw data (spec/ENGINE.md §4.1.1, §2.2 step 6):
 * `scope` on `Tag.attribute_id`, `locality` on `Tag.local`, and the tag name when one is given.
 * Emptiness is PHP's `empty()`, and every comparison is PHP 8's loose `==`, as in MISP: a tag
 * named "1e3" matches the parameter "1000". Absent or null parameters take their defaults
 * (§5.2). The host passes attribute tags' real `local` flag (Q5, spec/ENGINE.md §9.2); MISP omits it.
 */
export function tagAttachedConditionsHold(raw: unknown, params: Record<string, unknown>): boolean {
  const tag = rawTag(raw)
  const scope = params.scope ?? 'event'
  const locality = params.locality ?? 'local'
  const name = params.tag ?? ''
  const isAttributeTag = !isEmpty(tag.attribute_id)
  if (phpLooseEquals(scope, 'attribute') && !isAttributeTag) return false
  if (phpLooseEquals(scope, 'event') && isAttributeTag) return false
  const isLocal = !isEmpty(tag.local)
  if (phpLooseEquals(locality, 'local') && !isLocal) return false
  if (phpLooseEquals(locality, 'global') && isLocal) return false
  return isEmpty(name) || phpLooseEquals(tag.name ?? null, name)
}

/**
 * Tag Attached After Save: fires after a tag is attached to an event or an attribute (Sluice
 * fires it for event tags unconditionally, Q4); normalisation gives the tag's event, with the
 * attribute when there is one, converted (spec/ENGINE.md §4.1, §4.1.1).
 */
export const tagAttachedAfterSave = defineTrigger({
  id: 'tag-attached-after-save',
  scope: 'tag',
  name: 'Tag Attached After Save',
  description: 'This trigger is called just after a Tag has been attached to an Event or an Attribute.',
  icon: 'tags',
  blocking: false,
  misp_core_format: true,
  trigger_overhead: 3,
  trigger_overhead_message:
    'This trigger is called each time a Tag has been attached. This means that when a large quantity of Tags are being saved (e.g. Feed pulling or synchronisation), the workflow will be run for as many time as there are Tag attached.',
  params: [
    {
      id: 'scope',
      label: 'Scope',
      type: 'select',
      options: { event: 'Event', attribute: 'Attributes', any: 'Any' },
      default: 'event',
    },
    {
      id: 'locality',
      label: 'Tag Locality',
      type: 'select',
      options: { local: 'Local', global: 'Global', any: 'Any' },
      default: 'local',
    },
    { id: 'tag', label: 'Tags', type: 'input', placeholder: 'Type a tag' },
  ],
  normalise: (raw, { lookups }) => normaliseForTrigger('tag-attached-after-save', raw, lookups),
  conditionsHold: tagAttachedConditionsHold,
  // The class declares `params` right after `trigger_overhead`.
  declares: [
    'id',
    'scope',
    'name',
    'description',
    'icon',
    'inputs',
    'outputs',
    'blocking',
    'misp_core_format',
    'trigger_overhead',
    'params',
  ],
})
