import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/**
 * Proposal Action: accepts or discards the proposals in the data (spec/ENGINE.md §4.3).
 * MISP quirk: the default `proposal_type` `all` is not one of the options (Q7).
 */
export const proposalAction = defineActionModule({
  id: 'proposal-action',
  name: 'Proposal Action',
  description: 'Accept or remove any proposals being passed',
  version: '0.2',
  icon: 'asterisk',
  support_filters: true,
  expect_misp_core_format: true,
  params: [
    {
      id: 'action',
      label: 'Action',
      type: 'select',
      options: { accept: 'Accept Proposals', remove: 'Remove Proposals' },
      default: 'accept',
    },
    {
      id: 'proposal_type',
      label: 'Proposal Type',
      type: 'select',
      options: {
        new: 'Proposals to create new Attributes',
        edit: 'Proposals on existing Attributes',
        any: 'Any type of Proposals',
      },
      default: 'all',
    },
  ],
  exec: notYet('proposal-action'),
})
