/** `/event_reports/*` bodies (EventReportsController): `{EventReport: {name, content, distribution}}` or bare. */
import { Type } from '@fastify/type-provider-typebox'
import { LooseId, LooseInt, recordEnvelope } from './common.ts'

const REPORT_FIELDS = {
  name: Type.Optional(Type.String()),
  content: Type.Optional(Type.String()),
  distribution: Type.Optional(LooseInt),
  sharing_group_id: Type.Optional(LooseId),
  uuid: Type.Optional(Type.String()),
  timestamp: Type.Optional(LooseId),
}

/** `POST /event_reports/add/:eventId` and `/event_reports/edit/:id`. */
export const EventReportBody = Type.Object({
  ...REPORT_FIELDS,
  EventReport: Type.Optional(Type.Object(REPORT_FIELDS)),
})

/** A report as the API answers it (`{EventReport: {...}}`). */
export const EventReportEnvelope = recordEnvelope('EventReport')
