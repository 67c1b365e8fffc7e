/**
 * MISP's `/event_reports/*` endpoints (EventReportsController): add and edit, answering
 * `{EventReport: {...}}`, and delete, answering MISP's save-success envelope.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@fastify/type-provider-typebox'
import { type MispAction, saveSuccess } from '../misp-responses.ts'
import { ERROR_RESPONSES, EventIdParams, IdParams, MispSaveSuccess } from '../schemas/common.ts'
import { EventReportBody, EventReportEnvelope } from '../schemas/event-reports.ts'
import { envelope, isHardDelete, type RouteDeps } from './route-deps.ts'

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

  // `/event_reports/delete/<id>` soft-deletes; `/1` (or `{"hard": 1}`) removes the report for good.
  for (const url of ['/event_reports/delete/:id', '/event_reports/delete/:id/:hard']) {
    app.post(
      url,
      {
        config: { misp: action('delete') },
        schema: {
          tags: TAGS,
          summary: 'Delete a report by id or UUID: soft (fires event-report-after-save), or hard with `/1`',
          params: Type.Object({ id: Type.String(), hard: Type.Optional(Type.String()) }),
          response: { 200: MispSaveSuccess, ...ERROR_RESPONSES },
        },
      },
      async (request) => {
        const { id } = request.params
        const hard = isHardDelete(request.params.hard, request.body)
        await platform.eventReports.delete(actorOf(request), id, hard)
        // EventReportsController::delete's text.
        return saveSuccess(action('delete'), id, `Event Report ${id} ${hard ? 'hard' : 'soft'} deleted`)
      },
    )
  }
}
