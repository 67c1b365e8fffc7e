import { taxonomySubstitution } from './support/tag-replacement.ts'
import { defineTagReplacementModule } from './tag-replacement-generic.ts'

/** The PAP rule. MISP quirk: the long-form alternative can never pass the group check, as in MISP. */
const PAP_SUBSTITUTION = taxonomySubstitution(
  /(\w*pap\w*|permissible\W+actions\W+protocol)([:\s\-=]{1,2})"?(?<predicate>white|clear|green|amber|red)"?/i,
  'pap',
  'PAP:',
  (predicate) => predicate.toUpperCase(),
)

/** Tag Replacement - PAP: rewrites PAP-like tags to `PAP:<PREDICATE>` (spec/ENGINE.md §4.3). */
export const tagReplacementPap = defineTagReplacementModule({
  id: 'tag_replacement_pap',
  name: 'Tag Replacement - PAP',
  description: 'Attach a tag (or substitue) a tag by another for the PAP taxonomy',
  searchRegex:
    '/(\\w*pap\\w*|permissible\\W+actions\\W+protocol)([:\\s\\-=]{1,2})"?(?P<predicate>white|clear|green|amber|red)"?/i',
  substitution: PAP_SUBSTITUTION,
})
