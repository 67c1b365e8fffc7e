/** Schemas of the enrichment endpoint (`/events/queryEnrichment`) and of the event import. */
import { Type } from '@fastify/type-provider-typebox'

/** `:attributeId/:module[/:type]` of `/events/queryEnrichment` (MISP's EventsController route). */
export const QueryEnrichmentParams = Type.Object({
  attributeId: Type.String(),
  module: Type.String(),
  type: Type.Optional(Type.String()),
})

/** What misp-modules answered (`{results: …}` or `{error}`), passed through as MISP does. */
export const EnrichmentAnswer = Type.Unknown({ description: 'The enrichment module’s answer, as it gave it' })

/** A MISP event, a list of them, or a `{response: [...]}` search result. */
export const ImportBody = Type.Union([
  Type.Record(Type.String(), Type.Unknown()),
  Type.Array(Type.Record(Type.String(), Type.Unknown())),
])

/** What an import did, event by event. */
export const ImportReportSchema = Type.Object({
  imported: Type.Array(
    Type.Object({
      source: Type.String(),
      id: Type.String(),
      uuid: Type.String(),
      info: Type.String(),
      published: Type.Boolean({ description: 'Published here: it arrived published and no workflow stopped it' }),
      publishErrors: Type.Optional(
        Type.Array(Type.String(), { description: 'Why a blocking event-publish workflow stopped the publication' }),
      ),
    }),
  ),
  skipped: Type.Array(Type.Object({ source: Type.String(), uuid: Type.String(), reason: Type.String() })),
  failed: Type.Array(
    Type.Object({
      source: Type.String(),
      uuid: Type.Union([Type.String(), Type.Null()]),
      error: Type.String(),
      code: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
})
