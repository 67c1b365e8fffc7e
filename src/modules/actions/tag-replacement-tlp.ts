import { taxonomySubstitution } from './support/tag-replacement.ts'
import { defineTagReplacementModule } from './tag-replacement-generic.ts'

/**
 * The TLP rule. MISP quirk fixed (Q9): `amber+strict` is tried before `amber`, so `tlp:amber+strict` stays itself
 * (docs/differences-from-misp.md); the long-form alternative never passes the group check.
 */
const TLP_SUBSTITUTION = taxonomySubstitution(
  /(\w*tlp\w*|traffic\W+light\W+protocol)([:\s\-=]{1,2})"?(?<predicate>amber\+strict|white|clear|green|amber|red)"?/i,
  'tlp',
  'tlp:',
  (predicate) => predicate.toLowerCase(),
)

/** Tag Replacement - TLP: rewrites TLP-like tags to `tlp:<predicate>` (spec/ENGINE.md §4.3). */
export const tagReplacementTlp = defineTagReplacementModule({
  id: 'tag_replacement_tlp',
  name: 'Tag Replacement - TLP',
  description: 'Attach a tag (or substitue) a tag by another for the TLP taxonomy',
  searchRegex:
    '/(\\w*tlp\\w*|traffic\\W+light\\W+protocol)([:\\s\\-=]{1,2})"?(?P<predicate>white|clear|green|amber|amber\\+strict|red)"?/i',
  substitution: TLP_SUBSTITUTION,
})
