import { createRoute, z } from '@hono/zod-openapi';
import {
  reviewTalkSchema,
  runningOrderSchema,
  submitTalkSchema,
  updateTalkSchema,
} from '@ltc/domain';

import { ORGANIZER_SECURITY, organizerOnly } from '../auth/organizer-only.js';
import {
  createRouter,
  jsonBody,
  jsonResponse,
  problemResponses,
  type RouteDependencies,
} from '../context.js';
import {
  eventIdParams,
  manageTokenHeaders,
  newTalkView,
  talkParams,
  talkView,
} from '../schemas.js';
import { toTalkView } from '../views.js';

/** Talk submission, the speaker's private link, and the organizer's review and running order. */
export function talkRoutes({ repositories, verifyToken, live }: RouteDependencies) {
  const { talks } = repositories;
  const organizer = organizerOnly(verifyToken);
  const router = createRouter();
  const talkList = z.object({ items: z.array(talkView) }).openapi('TalkList');

  router.openapi(
    createRoute({
      method: 'post',
      path: '/events/{eventId}/talks',
      tags: ['talks'],
      summary: 'Submit a talk while submission is open',
      request: { params: eventIdParams, body: jsonBody(submitTalkSchema) },
      responses: {
        201: jsonResponse(newTalkView, 'The talk and the token of its private link'),
        ...problemResponses(400, 404, 409, 413, 415),
      },
    }),
    async (c) => {
      const { talk, manageToken } = await talks.submit(
        c.req.valid('param').eventId,
        c.req.valid('json'),
      );
      return c.json({ talk: toTalkView(talk), manageToken }, 201);
    },
  );

  const manageRoute = {
    tags: ['talks'],
    request: { params: talkParams, headers: manageTokenHeaders },
  };

  router.openapi(
    createRoute({
      ...manageRoute,
      method: 'get',
      path: '/events/{eventId}/talks/{talkId}',
      summary: 'A talk, through its private link',
      responses: {
        200: jsonResponse(talkView, 'The talk'),
        ...problemResponses(400, 403, 404),
      },
    }),
    async (c) => {
      const { eventId, talkId } = c.req.valid('param');
      const token = c.req.valid('header')['x-manage-token'];
      return c.json(toTalkView(await talks.getWithToken(eventId, talkId, token)), 200);
    },
  );

  router.openapi(
    createRoute({
      ...manageRoute,
      method: 'patch',
      path: '/events/{eventId}/talks/{talkId}',
      summary: 'Change a pending or accepted talk, through its private link',
      request: { ...manageRoute.request, body: jsonBody(updateTalkSchema) },
      responses: {
        200: jsonResponse(talkView, 'The changed talk'),
        ...problemResponses(400, 403, 404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const { eventId, talkId } = c.req.valid('param');
      const token = c.req.valid('header')['x-manage-token'];
      return c.json(
        toTalkView(await talks.update(eventId, talkId, token, c.req.valid('json'))),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      ...manageRoute,
      method: 'post',
      path: '/events/{eventId}/talks/{talkId}/withdraw',
      summary: 'Withdraw a talk, through its private link',
      responses: {
        200: jsonResponse(talkView, 'The withdrawn talk'),
        // The operation takes no body, but one that is sent is still limited in size.
        ...problemResponses(400, 403, 404, 409, 413, 422),
      },
    }),
    async (c) => {
      const { eventId, talkId } = c.req.valid('param');
      const token = c.req.valid('header')['x-manage-token'];
      const withdrawn = await talks.withdraw(eventId, talkId, token);
      // A withdrawn talk leaves the running order the audience follows.
      await live.liveChanged(eventId);
      return c.json(toTalkView(withdrawn), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/events/{eventId}/talks',
      tags: ['organizer'],
      summary: 'Every talk of an event, whatever its status',
      security: ORGANIZER_SECURITY,
      middleware: [organizer] as const,
      request: { params: eventIdParams },
      responses: {
        200: jsonResponse(talkList, 'The talks, in the order they were submitted'),
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { eventId } = c.req.valid('param');
      await repositories.events.get(eventId);
      return c.json({ items: (await talks.listForEvent(eventId)).map(toTalkView) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/events/{eventId}/talks/{talkId}/review',
      tags: ['organizer'],
      summary: 'Accept or reject a talk; accepting stops at the event talk limit',
      security: ORGANIZER_SECURITY,
      middleware: [organizer] as const,
      request: { params: talkParams, body: jsonBody(reviewTalkSchema) },
      responses: {
        200: jsonResponse(talkView, 'The reviewed talk'),
        ...problemResponses(400, 401, 403, 404, 409, 413, 415),
      },
    }),
    async (c) => {
      const { eventId, talkId } = c.req.valid('param');
      const reviewed = await talks.review(eventId, talkId, c.req.valid('json').decision);
      await live.liveChanged(eventId);
      return c.json(toTalkView(reviewed), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/events/{eventId}/running-order',
      tags: ['organizer'],
      summary: 'Set the running order of the accepted talks',
      security: ORGANIZER_SECURITY,
      middleware: [organizer] as const,
      request: { params: eventIdParams, body: jsonBody(runningOrderSchema) },
      responses: {
        200: jsonResponse(talkList, 'The talks with their new order'),
        ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const { eventId } = c.req.valid('param');
      const updated = await talks.setRunningOrder(eventId, c.req.valid('json').talkIds);
      await live.liveChanged(eventId);
      return c.json({ items: updated.map(toTalkView) }, 200);
    },
  );

  return router;
}
