import type { ModuleContext, TagTarget } from '../../engine/index.ts'
import { phpToString } from '../../format/index.ts'
import { defineActionModule } from '../define.ts'
import { idOf, recordsOf, stringList } from './support/items.ts'
import { requireOperation } from './support/operations.ts'

/** The locality of the operation: `any` is null (either when removing, global when adding). */
function localityOf(value: unknown): boolean | null {
  const text = phpToString(value)
  if (text === 'local') return true
  if (text === 'global') return false
  return null
}

/** The items the operation acts on: node-filtered items, else the data (its attributes for scope `attribute`). */
function operationItems(ctx: ModuleContext, scope: string): unknown {
  if (ctx.filtersEnabled) return ctx.matchingItems()
  return scope === 'attribute' ? ctx.matchingItems() : ctx.data
}

/** The targets: the event of `items.Event.id`, or each attribute of the item list. */
function targetsOf(items: unknown, scope: string): TagTarget[] {
  if (scope === 'event') {
    const eventId = idOf((items as Record<string, any> | null)?.Event?.id)
    return eventId === null ? [] : [{ kind: 'event', eventId }]
  }
  return recordsOf(items).flatMap((attribute): TagTarget[] => {
    const attributeId = idOf(attribute.id)
    return attributeId === null ? [] : [{ kind: 'attribute', attributeId }]
  })
}

/**
 * Tag operation: attaches or detaches tags on the event or the matching attributes
 * (spec/ENGINE.md §4.3). `tags` lists every non-galaxy tag name, filled by the host. A missing
 * tag is created when attaching; a missing tag counts as detached. True when at least one
 * attach or detach succeeded (MISP counts a tag already there as attached). The roaming data
 * is not updated (MISP does not either: `reload-full-event` shows the new tags).
 */
export const tagOperation = defineActionModule({
  id: 'tag_operation',
  name: 'Tag operation',
  description: 'Add or remove tags on Event or Attributes.',
  version: '0.2',
  icon: 'tags',
  support_filters: true,
  expect_misp_core_format: true,
  params: [
    {
      id: 'scope',
      label: 'Scope',
      type: 'select',
      options: { event: 'Event', attribute: 'Attributes' },
      default: 'event',
    },
    {
      id: 'action',
      label: 'Action',
      type: 'select',
      options: { add: 'Add Tags', remove: 'Remove Tags' },
      default: 'add',
    },
    {
      id: 'locality',
      label: 'Tag Locality',
      type: 'select',
      options: { local: 'Local', global: 'Global', any: 'Any' },
      default: 'local',
    },
    { id: 'tags', label: 'Tags', type: 'picker', multiple: true, options: [], placeholder: 'Pick a tag' },
    { id: 'relationship_type', label: 'Relationship Type', type: 'input', display_on: { action: 'add' } },
  ],
  async exec(ctx) {
    const scope = phpToString(ctx.params.scope) === 'attribute' ? 'attribute' : 'event'
    const items = operationItems(ctx, scope)
    if (items === false) return false
    const tags = stringList(ctx.params.tags)
    const local = localityOf(ctx.params.locality)
    const isRemove = phpToString(ctx.params.action) === 'remove'
    const attach = isRemove ? null : requireOperation(ctx, 'attachTag')
    const detach = isRemove ? requireOperation(ctx, 'detachTag') : null
    const relationshipType = phpToString(ctx.params.relationship_type)
    let succeeded = false
    for (const target of targetsOf(items, scope)) {
      for (const name of tags) {
        const done = detach
          ? await detach(target, { name, local })
          : await attach!(target, { name, local: local === true, relationshipType })
        succeeded = succeeded || done
      }
    }
    return succeeded
  },
})
