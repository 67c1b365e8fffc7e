/**
 * Checking a submitted proposal (`/shadow_attributes/add|edit`): the attribute checks of
 * describeTypes (spec/CORE-FORMAT.md §9), reported on the `ShadowAttribute` model as MISP does.
 */
import { ValidationError } from '../../errors.ts'
import { type AttributeInput, checkAttributeInput } from '../attributes/attribute-input.ts'
import type { MispJson } from '../types.ts'

/** The body MISP reads: `request` unwrapped, then `ShadowAttribute`, or `Attribute`/`Proposal` for those who "didn't RTFM". */
export function unwrapProposal(body: MispJson | undefined): MispJson {
  let input: MispJson = body ?? {}
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ValidationError('ShadowAttribute', 'ShadowAttribute', 'The body must be a JSON object')
  if (typeof input.request === 'object' && input.request !== null) input = input.request
  for (const key of ['ShadowAttribute', 'Attribute', 'Proposal']) {
    const inner = input[key]
    if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) return inner
  }
  return input
}

/** Checks a proposal's attribute fields; errors name `ShadowAttribute.<field>`. */
export function checkProposalInput(input: MispJson): AttributeInput {
  try {
    return checkAttributeInput({ ...input, Tag: undefined, distribution: undefined })
  } catch (error) {
    if (error instanceof ValidationError) {
      const text = error.message.slice(error.model.length + error.field.length + 3)
      throw new ValidationError('ShadowAttribute', error.field, text)
    }
    throw error
  }
}
