import type { ParamDescriptor } from '../../engine/index.ts'
import { defineActionModule } from '../define.ts'
import { replaceTags } from './support/tag-replacement.ts'

/**
 * The parameters shared by the three tag-replacement modules (spec/ENGINE.md §4.3).
 * MISP quirk: the `remove_substituted` default `"1"` is not an option and acts as "no" (Q8).
 */
export function tagReplacementParams(): ParamDescriptor[] {
  return [
    {
      id: 'scope',
      label: 'Scope',
      type: 'select',
      options: { event: 'Event', attribute: 'Attributes', all: 'All' },
      default: 'event',
    },
    {
      id: 'remove_substituted',
      label: 'Removed substituted tag',
      type: 'select',
      default: '1',
      options: { no: 'No', yes: 'Yes' },
    },
    {
      id: 'locality',
      label: 'Tag Locality',
      type: 'select',
      options: { local: 'Local', global: 'Global' },
      default: 'local',
    },
    { id: 'relationship_type', label: 'Relationship Type', type: 'input', display_on: { action: 'add' } },
  ]
}

/**
 * Tag Replacement Generic: the base of the PAP and TLP replacements; with no `searchRegex` it
 * never matches, so it changes nothing (spec/ENGINE.md §4.3).
 */
export const tagReplacementGeneric = defineActionModule({
  id: 'tag_replacement_generic',
  name: 'Tag Replacement Generic',
  description: 'Attach a tag, or substitue a tag by another',
  icon: 'tags',
  support_filters: true,
  expect_misp_core_format: true,
  params: tagReplacementParams(),
  extra: { searchRegex: '', substitutionTemplate: '' },
  // No pattern: no tag ever matches, so nothing changes and the result is true.
  exec: (ctx) => replaceTags(ctx, () => null),
})
