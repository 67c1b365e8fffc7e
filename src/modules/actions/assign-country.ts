import type { ModuleContext, TagTarget } from '../../engine/index.ts'
import { phpToString } from '../../format/index.ts'
import { extract } from '../../hashpath/index.ts'
import { defineActionModule } from '../define.ts'
import { idOf, type Item, recordsOf, valuesOf } from './support/items.ts'
import { requireOperation } from './support/operations.ts'

/** The attributes to read countries from: the event's flattened attributes, or a filtered attribute list (Q28). */
function attributesOf(items: unknown): Item[] {
  if (typeof items === 'object' && items !== null && 'Event' in items) {
    try {
      return recordsOf(extract(items, 'Event._AttributeFlattened.{n}'))
    } catch {
      return []
    }
  }
  return recordsOf(items)
}

/** The country names `path` extracts from `value` (failing paths extract nothing). */
function countriesAt(value: unknown, path: string): string[] {
  try {
    return valuesOf(extract(value, path))
      .map((country) => phpToString(country).trim().toLowerCase())
      .filter((country) => country !== '')
  } catch {
    return []
  }
}

/**
 * The `Country` galaxy's tag names by lower-cased cluster value, and by ISO 3166-1 alpha-2 code
 * (the clusters' `ISO` meta; a Sluice addition, since enrichment often answers with codes).
 */
async function countryTags(ctx: ModuleContext): Promise<Map<string, string>> {
  const clusters = await requireOperation(ctx, 'galaxyClusters')('Country')
  const tags = new Map<string, string>()
  for (const cluster of clusters) {
    for (const code of cluster.meta?.ISO ?? []) tags.set(code.toLowerCase(), cluster.tag_name)
  }
  // A name wins over a code if they ever collide.
  for (const cluster of clusters) tags.set(cluster.value.toLowerCase(), cluster.tag_name)
  return tags
}

/** Each target with the country tags to attach to it. */
function plan(ctx: ModuleContext, items: unknown, tags: Map<string, string>): Array<[TagTarget, string[]]> {
  const path = phpToString(ctx.params.hash_path)
  const attributes = attributesOf(items)
  const tagsFor = (countries: string[]) =>
    [...new Set(countries)].map((country) => tags.get(country)).filter((tag): tag is string => tag !== undefined)
  if (phpToString(ctx.params.scope) === 'attribute') {
    return attributes.flatMap((attribute): Array<[TagTarget, string[]]> => {
      const attributeId = idOf(attribute.id)
      return attributeId === null ? [] : [[{ kind: 'attribute', attributeId }, tagsFor(countriesAt(attribute, path))]]
    })
  }
  const eventId = idOf((items as Item | null)?.Event?.id ?? ctx.data?.Event?.id)
  if (eventId === null) return []
  const listPath = path.startsWith('{n}.') ? path : `{n}.${path}`
  return [[{ kind: 'event', eventId }, tagsFor(countriesAt(attributes, listPath))]]
}

/**
 * Assign country: tags the event or its attributes with the `Country` galaxy clusters named at
 * the hash path (spec/ENGINE.md §4.3). Country names match the clusters' values
 * case-insensitively (the galaxy is seeded from ISO 3166-1, store/migrations/0007); so do
 * alpha-2 codes (`LU`), which MISP does not match (docs/differences-from-misp.md). Scope
 * `event` gathers the countries of every attribute onto the event; scope `attribute` tags each
 * attribute with its own. The result is that of the last attach (false when nothing was
 * attached). MISP quirk fixed (Q28): with node filters set, the filtered attributes are used
 * (MISP finds none). `galaxy_name` is unused and `relationship_type`'s `display_on` names a
 * parameter the module does not have, as in MISP.
 */
export const assignCountry = defineActionModule({
  id: 'assign_country',
  name: 'Assign country',
  description: 'Add or remove country Galaxy Cluster based on provided data',
  version: '0.2',
  icon: 'globe',
  support_filters: true,
  expect_misp_core_format: true,
  params: [
    {
      id: 'scope',
      label: 'Scope',
      type: 'select',
      options: { event: 'Event', attribute: 'Attributes' },
      default: 'event',
    },
    {
      id: 'hash_path',
      label: 'Country Hash path',
      type: 'hashpath',
      placeholder: 'enrichment.{n}.{n}.values.0',
      default: 'enrichment.{n}.{n}.values.0',
    },
    {
      id: 'locality',
      label: 'Tag Locality',
      type: 'select',
      options: { local: 'Local', global: 'Global' },
      default: 'local',
    },
    {
      id: 'galaxy_name',
      label: 'Galaxy Name',
      type: 'select',
      options: { country: 'country' },
      placeholder: 'Pick a galaxy name',
    },
    { id: 'relationship_type', label: 'Relationship Type', type: 'input', display_on: { action: 'add' } },
  ],
  async exec(ctx) {
    const items = ctx.filtersEnabled ? ctx.matchingItems() : ctx.data
    if (items === false) return false
    const targets = plan(ctx, items, await countryTags(ctx))
    const attach = requireOperation(ctx, 'attachTag')
    const local = phpToString(ctx.params.locality) === 'local'
    const relationshipType = phpToString(ctx.params.relationship_type)
    let result = false
    for (const [target, tags] of targets) {
      for (const name of tags) result = await attach(target, { name, local, relationshipType })
    }
    return result
  },
})
