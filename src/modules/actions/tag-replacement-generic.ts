import type { ParamDescriptor } from '../../engine/index.ts'
import { defineActionModule } from '../define.ts'
import { replaceTags, type TagSubstitution } from './support/tag-replacement.ts'

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

/** What sets one tag-replacement module apart from the others. */
interface TagReplacementModule {
  id: string
  name: string
  description: string
  /** MISP's descriptor field, as MISP lists it (PHP regex syntax). */
  searchRegex: string
  substitution: TagSubstitution
}

/** A tag-replacement module: the shared descriptor fields and parameters, its own rule. */
export function defineTagReplacementModule(module: TagReplacementModule) {
  return defineActionModule({
    id: module.id,
    name: module.name,
    description: module.description,
    icon: 'tags',
    support_filters: true,
    expect_misp_core_format: true,
    params: tagReplacementParams(),
    extra: { searchRegex: module.searchRegex, substitutionTemplate: '' },
    exec: (ctx) => replaceTags(ctx, module.substitution),
  })
}

/**
 * Tag Replacement Generic: the base of the PAP and TLP replacements; with no `searchRegex` it
 * never matches, so it changes nothing and the result is true (spec/ENGINE.md §4.3).
 */
export const tagReplacementGeneric = defineTagReplacementModule({
  id: 'tag_replacement_generic',
  name: 'Tag Replacement Generic',
  description: 'Attach a tag, or substitue a tag by another',
  searchRegex: '',
  substitution: () => null,
})
