/**
 * `/sluice/runs` (docs/runs.md, issue #4): the run history for site admins. List with filters,
 * view one run, replay it, purge by the retention settings, read and change the settings.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RunService } from '../../platform/index.ts'
import { ERROR_RESPONSES } from '../schemas/common.ts'
import {
  PurgeResult,
  ReplayBody,
  RunDetail,
  RunIdParams,
  RunListQuery,
  RunPage,
  RunSettings,
  RunSettingsBody,
  RunStats,
  RunStatsQuery,
} from '../schemas/runs.ts'
import type { RouteDeps } from './route-deps.ts'

const tags = ['runs']

/** Registers the run routes (only when the platform keeps a history). */
export const runRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
  if (!platform.runs) return
  const runs: RunService = platform.runs
  app.get(
    '/sluice/runs',
    {
      schema: {
        tags,
        summary: 'Runs, newest first, filtered by trigger, workflow, outcome, kind, parent and time (site admins)',
        querystring: RunListQuery,
        response: { 200: RunPage, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { limit, page, ...filters } = request.query
      return runs.list(actorOf(request), {
        ...filters,
        ...(limit !== undefined ? { limit: Number(limit) } : {}),
        ...(page !== undefined ? { page: Number(page) } : {}),
      })
    },
  )
  app.get(
    '/sluice/runs/stats',
    {
      schema: {
        tags,
        summary: 'Runs per time bucket, trigger and outcome, with mean and longest duration (site admins)',
        querystring: RunStatsQuery,
        response: { 200: RunStats, ...ERROR_RESPONSES },
      },
    },
    async (request) => runs.stats(actorOf(request), request.query),
  )
  app.get(
    '/sluice/runs/settings',
    {
      schema: {
        tags,
        summary: 'Retention, data capture and loop-guard settings (site admins)',
        response: { 200: RunSettings, ...ERROR_RESPONSES },
      },
    },
    async (request) => runs.settings(actorOf(request)),
  )
  app.post(
    '/sluice/runs/settings',
    {
      schema: {
        tags,
        summary: 'Changes some of the run settings; nothing is changed when one value is invalid',
        body: RunSettingsBody,
        response: { 200: RunSettings, ...ERROR_RESPONSES },
      },
    },
    async (request) => runs.updateSettings(actorOf(request), request.body),
  )
  app.post(
    '/sluice/runs/purge',
    {
      schema: {
        tags,
        summary: 'Deletes the runs the retention settings no longer keep',
        response: { 200: PurgeResult, ...ERROR_RESPONSES },
      },
    },
    async (request) => runs.purge(actorOf(request)),
  )
  app.get(
    '/sluice/runs/:id',
    {
      schema: {
        tags,
        summary: 'One run: input, the graph that ran, the per-node trace with the data each node saw',
        params: RunIdParams,
        response: { 200: RunDetail, ...ERROR_RESPONSES },
      },
    },
    async (request) => runs.view(actorOf(request), request.params.id),
  )
  app.post(
    '/sluice/runs/:id/replay',
    {
      schema: {
        tags,
        summary: 'Runs the recorded input again, against the current workflow or the graph that ran',
        params: RunIdParams,
        body: ReplayBody,
        response: { 200: RunDetail, ...ERROR_RESPONSES },
      },
    },
    async (request) => runs.replay(actorOf(request), request.params.id, request.body.against),
  )
}
