import { copyJson } from '../copy-json.ts'
import type { NormalisedData } from '../types.ts'
import { requireArray } from './base.ts'

/**
 * `user-before-save`, `user-after-save` (flat user columns) and `log-after-save` (`{Log}`): not
 * core format, so the data is handed on unchanged, as an independent copy
 * (spec/CORE-FORMAT.md §6, spec/ENGINE.md §2.4).
 */
export async function normalisePassthrough(data: unknown): Promise<NormalisedData | false> {
  return copyJson(requireArray(data)) as NormalisedData
}
