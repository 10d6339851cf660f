import { createRoute, z } from '@hono/zod-openapi';
import { createPollSchema, currentTalkSchema, POLL_STATUSES, timerActionSchema } from '@ltc/domain';
import { toLiveView, toPollView } from '@ltc/realtime';

import { ORGANIZER_SECURITY, organizerOnly } from '../auth/organizer-only.js';
import {
  createRouter,
  jsonBody,
  jsonResponse,
  problemResponses,
  type RouteDependencies,
} from '../context.js';
import { eventIdParams, idParam } from '../schemas.js';

const pollView = z
  .object({
    id: z.string(),
    question: z.string(),
    options: z.array(z.object({ id: z.string(), label: z.string() })),
    status: z.enum(POLL_STATUSES),
    counts: z.record(z.string(), z.number().int()),
    totalVotes: z.number().int(),
  })
  .openapi('Poll');

const timerView = z
  .discriminatedUnion('state', [
    z.object({ state: z.literal('idle'), durationSeconds: z.number() }),
    z.object({ state: z.literal('running'), durationSeconds: z.number(), endsAt: z.string() }),
    z.object({ state: z.literal('paused'), durationSeconds: z.number(), remainingMs: z.number() }),
  ])
  .openapi('TalkTimer');

const liveView = z
  .object({
    eventId: z.string(),
    serverTime: z.string().openapi({ description: 'The server clock, to correct the countdown' }),
    revision: z.number().int(),
    currentTalkId: z.string().nullable(),
    timer: timerView,
    talks: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        speakerName: z.string(),
        category: z.string(),
      }),
    ),
    polls: z.array(pollView),
  })
  .openapi('Live');

const pollParams = eventIdParams.extend({ pollId: idParam('pollId') });

/**
 * The live side of an event night: its state for everybody, and the organizer's controls of
 * the talk on stage, its countdown and the polls. Every change is pushed to the audience.
 */
export function liveRoutes({ repositories, verifyToken, live: broadcaster }: RouteDependencies) {
  const { live } = repositories;
  const organizer = organizerOnly(verifyToken);
  const router = createRouter();
  const now = () => new Date();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/events/{eventId}/live',
      tags: ['live'],
      summary:
        'The running order, the talk on stage, its countdown and the polls with their counts',
      request: { params: eventIdParams },
      responses: { 200: jsonResponse(liveView, 'The live state'), ...problemResponses(400, 404) },
    }),
    async (c) => {
      const view = toLiveView(await live.snapshot(c.req.valid('param').eventId), now());
      // It changes every second on the night; the WebSocket keeps it current after this read.
      c.header('cache-control', 'no-store');
      return c.json(view, 200);
    },
  );

  const control = { security: ORGANIZER_SECURITY, tags: ['organizer'] };
  const changed = problemResponses(400, 401, 403, 404, 409, 413, 415);

  router.openapi(
    createRoute({
      ...control,
      middleware: [organizer] as const,
      method: 'put',
      path: '/events/{eventId}/live/current',
      summary: 'Put an accepted talk on stage (or none); its timer goes back to a full talk',
      request: { params: eventIdParams, body: jsonBody(currentTalkSchema) },
      responses: { 200: jsonResponse(liveView, 'The new live state'), ...changed },
    }),
    async (c) => {
      const { eventId } = c.req.valid('param');
      await live.setCurrentTalk(eventId, c.req.valid('json').talkId);
      const view = toLiveView(await live.snapshot(eventId), now());
      await broadcaster.liveChanged(eventId, view);
      return c.json(view, 200);
    },
  );

  router.openapi(
    createRoute({
      ...control,
      middleware: [organizer] as const,
      method: 'post',
      path: '/events/{eventId}/live/timer',
      summary: 'Start, pause or reset the countdown of the talk on stage',
      request: { params: eventIdParams, body: jsonBody(timerActionSchema) },
      responses: { 200: jsonResponse(liveView, 'The new live state'), ...changed },
    }),
    async (c) => {
      const { eventId } = c.req.valid('param');
      await live.changeTimer(eventId, c.req.valid('json').action);
      const view = toLiveView(await live.snapshot(eventId), now());
      await broadcaster.liveChanged(eventId, view);
      return c.json(view, 200);
    },
  );

  router.openapi(
    createRoute({
      ...control,
      middleware: [organizer] as const,
      method: 'post',
      path: '/events/{eventId}/polls',
      summary: 'Prepare a poll; it takes votes once opened',
      request: { params: eventIdParams, body: jsonBody(createPollSchema) },
      responses: { 201: jsonResponse(pollView, 'The new poll, ready to open'), ...changed },
    }),
    async (c) => {
      const { eventId } = c.req.valid('param');
      const poll = await live.createPoll(eventId, c.req.valid('json'));
      await broadcaster.liveChanged(eventId);
      return c.json(toPollView(poll), 201);
    },
  );

  router.openapi(
    createRoute({
      ...control,
      middleware: [organizer] as const,
      method: 'post',
      path: '/events/{eventId}/polls/{pollId}/open',
      summary: 'Open a ready poll for votes (the event must be ongoing)',
      request: { params: pollParams },
      responses: { 200: jsonResponse(pollView, 'The poll with its counts'), ...changed },
    }),
    async (c) => {
      const { eventId, pollId } = c.req.valid('param');
      const poll = await live.changePollStatus(eventId, pollId, 'open');
      await broadcaster.liveChanged(eventId);
      return c.json(toPollView(poll), 200);
    },
  );

  router.openapi(
    createRoute({
      ...control,
      middleware: [organizer] as const,
      method: 'post',
      path: '/events/{eventId}/polls/{pollId}/close',
      summary: 'Close an open poll; its counts are final',
      request: { params: pollParams },
      responses: { 200: jsonResponse(pollView, 'The poll with its final counts'), ...changed },
    }),
    async (c) => {
      const { eventId, pollId } = c.req.valid('param');
      const poll = await live.changePollStatus(eventId, pollId, 'closed');
      await broadcaster.liveChanged(eventId);
      return c.json(toPollView(poll), 200);
    },
  );

  return router;
}
