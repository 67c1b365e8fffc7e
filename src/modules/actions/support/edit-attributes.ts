/**
 * The save loop of MISP's attribute edition modules (`attribute_ids_flag_operation`,
 * `Module_attribute_comment_operation`; spec/ENGINE.md §4.3): each matching attribute gets its
 * new field values through the host's attribute edit, and each saved one is overridden in the
 * roaming data.
 */
import type { AttributeChanges, ModuleContext } from '../../../engine/index.ts'
import { phpToString } from '../../../format/index.ts'
import { idOf, type Item, recordsOf } from './items.ts'
import { requireOperation } from './operations.ts'
import { overrideAttribute } from './override-attribute.ts'

/** The changes for one attribute, or null to leave it alone. */
export type AttributeEdit = (attribute: Item) => AttributeChanges | null | Promise<AttributeChanges | null>

function isUnchanged(attribute: Item, changes: AttributeChanges): boolean {
  return Object.entries(changes).every(([field, value]) => {
    const current = attribute[field]
    return typeof value === 'boolean' ? Boolean(current) === value : phpToString(current) === phpToString(value)
  })
}

/**
 * Applies `edit` to every matching attribute. True when at least one attribute holds its new
 * values (saved now, or already equal: such an attribute is not saved again, so that no
 * attribute-after-save loop starts from a no-op, docs/differences-from-misp.md). Without
 * matching attributes (or when extraction fails) nothing happens.
 */
export async function editMatchingAttributes(ctx: ModuleContext, edit: AttributeEdit): Promise<boolean> {
  const items = ctx.matchingItems()
  if (items === false) return true
  const attributes = recordsOf(items)
  if (attributes.length === 0) return false
  const save = requireOperation(ctx, 'editAttribute')
  const data = ctx.data
  let succeeded = false
  for (const attribute of attributes) {
    const id = idOf(attribute.id)
    const changes = id === null ? null : await edit(attribute)
    if (id === null || changes === null) continue
    if (isUnchanged(attribute, changes)) {
      succeeded = true
      continue
    }
    const saved = await save(id, changes)
    if (saved === null) continue
    succeeded = true
    overrideAttribute(data, id, (old) => ({ ...old, ...changes, timestamp: saved.timestamp ?? old.timestamp }))
  }
  ctx.setData(data)
  return succeeded
}
