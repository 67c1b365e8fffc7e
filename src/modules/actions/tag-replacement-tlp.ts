import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'
import { tagReplacementParams } from './tag-replacement-generic.ts'

/** Tag Replacement - TLP: rewrites TLP-like tags to `tlp:<predicate>` (spec/ENGINE.md §4.3). */
export const tagReplacementTlp = defineActionModule({
  id: 'tag_replacement_tlp',
  name: 'Tag Replacement - TLP',
  description: 'Attach a tag (or substitue) a tag by another for the TLP taxonomy',
  icon: 'tags',
  support_filters: true,
  expect_misp_core_format: true,
  params: tagReplacementParams(),
  extra: {
    searchRegex:
      '/(\\w*tlp\\w*|traffic\\W+light\\W+protocol)([:\\s\\-=]{1,2})"?(?P<predicate>white|clear|green|amber|amber\\+strict|red)"?/i',
    substitutionTemplate: '',
  },
  exec: notYet('tag_replacement_tlp'),
})
