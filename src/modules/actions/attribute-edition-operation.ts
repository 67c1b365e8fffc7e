import { defineActionModule } from '../define.ts'

/**
 * Attribute edition operation: MISP's base class of the comment and IDS-flag modules, listed as
 * a module of its own; it has no parameters and does nothing but succeed (spec/ENGINE.md §4.3).
 */
export const attributeEditionOperation = defineActionModule({
  id: 'attribute_edition_operation',
  name: 'Attribute edition operation',
  description: 'Base module allowing to modify attribute',
  icon: 'edit',
  support_filters: true,
  expect_misp_core_format: true,
  exec: () => true,
})
