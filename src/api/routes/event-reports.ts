/** MISP's `/event_reports/*` endpoints (EventReportsController): add and edit, answering `{EventReport: {...}}`. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { MispAction } from '../misp-responses.ts'
import { ERROR_RESPONSES, EventIdParams, IdParams } from '../schemas/common.ts'
import { EventReportBody, EventReportEnvelope } from '../schemas/event-reports.ts'
import { envelope, type RouteDeps } from './route-deps.ts'

const TAGS = ['event reports']
const action = (name: string): MispAction => ({ controller: 'EventReports', action: name, model: 'EventReport' })

/** Registers the `/event_reports/*` routes. */
export const eventReportRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
  app.post(
    '/event_reports/add/:eventId',
    {
      config: { misp: action('add') },
      schema: {
        tags: TAGS,
        summary: 'Add a report (`name`, Markdown `content`) to an event',
        params: EventIdParams,
        body: EventReportBody,
        response: { 200: EventReportEnvelope, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      envelope('EventReport', await platform.eventReports.add(actorOf(request), request.params.eventId, request.body)),
  )
  app.post(
    '/event_reports/edit/:id',
    {
      config: { misp: action('edit') },
      schema: {
        tags: TAGS,
        summary: 'Edit a report by id or UUID',
        params: IdParams,
        body: EventReportBody,
        response: { 200: EventReportEnvelope, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      envelope('EventReport', await platform.eventReports.edit(actorOf(request), request.params.id, request.body)),
  )
}
