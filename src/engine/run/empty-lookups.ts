/**
 * Look-ups for a host with no database (the CLI on a JSON file): every row is "not found",
 * which is what MISP's converter sees for ids it cannot resolve.
 */
import { type CoreFormatLookups, inMemoryLookups } from '../../format/index.ts'

/** Look-ups that find nothing. */
export const emptyLookups: CoreFormatLookups = inMemoryLookups()
