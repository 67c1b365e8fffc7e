import { type ModuleContext, needsRendering, type TemplateRenderer } from '../../engine/index.ts'
import { phpToString } from '../../format/index.ts'
import { defineActionModule } from '../define.ts'
import { editMatchingAttributes } from './support/edit-attributes.ts'
import type { Item } from './support/items.ts'

/** The comment for one attribute: the template rendered with `__currentAttribute` bound to it. */
async function renderFor(
  template: string,
  view: unknown,
  attribute: Item,
  renderer: TemplateRenderer | undefined,
): Promise<string> {
  if (!needsRendering(template)) return template
  if (!renderer) throw new Error('Jinja rendering failed: no template renderer is available for parameter `comment`')
  const context = typeof view === 'object' && view !== null ? (view as Record<string, unknown>) : {}
  return String(await renderer.render(template, { ...context, __currentAttribute: attribute })).trim()
}

/** The edit of one attribute, or null to leave its comment as it is. */
async function commentEdit(ctx: ModuleContext, template: string, view: unknown, attribute: Item) {
  let comment: string
  try {
    comment = await renderFor(template, view, attribute, ctx.ports.templates)
  } catch (error) {
    if (!ctx.ports.templates) throw error
    ctx.errors.push(`Jinja rendering failed for attribute ${phpToString(attribute.id)}: ${(error as Error).message}`)
    return null
  }
  // A template that renders to nothing for this attribute has nothing to say about it: the
  // comment stays (MISP writes "" and wipes it, Q10). An empty template still clears comments.
  if (template !== '' && comment === '') return null
  return { comment }
}

/**
 * Attribute comment operation: sets each matching attribute's comment and overrides it in the
 * roaming data (spec/ENGINE.md §4.3). The `comment` template is rendered per attribute, with the
 * view's top-level keys plus `__currentAttribute` (the attribute), and trimmed. MISP renders it
 * once without `__currentAttribute`, so its curation blueprints wipe comments (Q10); Sluice
 * restores the intended behaviour (docs/differences-from-misp.md). True when at least one
 * attribute holds its new comment.
 */
export const moduleAttributeCommentOperation = defineActionModule({
  id: 'Module_attribute_comment_operation',
  name: 'Attribute comment operation',
  description: "Set the Attribute's comment to the selected value",
  icon: 'edit',
  support_filters: true,
  expect_misp_core_format: true,
  params: [
    { id: 'comment', label: 'Comment', type: 'textarea', placeholder: 'Comment to be set', jinja_supported: true },
  ],
  ownTemplates: ['comment'],
  exec(ctx) {
    const template = phpToString(ctx.params.comment)
    const view = ctx.data
    return editMatchingAttributes(ctx, (attribute) => commentEdit(ctx, template, view, attribute))
  },
})
