import { createRoute } from '@hono/zod-openapi';
import { changeEventStatusSchema, createEventSchema, updateEventSchema } from '@ltc/domain';

import { ORGANIZER_SECURITY, organizerOnly } from '../auth/organizer-only.js';
import {
  createRouter,
  jsonBody,
  jsonResponse,
  problemResponses,
  type RouteDependencies,
} from '../context.js';
import {
  eventDetailView,
  eventIdParams,
  eventListQuery,
  eventView,
  organizerEventView,
  organizerView,
  pageOf,
} from '../schemas.js';
import { toEventDetailView, toEventView, toOrganizerEventView } from '../views.js';

/** Events: public reading, and the organizer's creating, editing and status changes. */
export function eventRoutes({ repositories, verifyToken, cursors, live }: RouteDependencies) {
  const { events, talks, registrations } = repositories;
  const organizer = organizerOnly(verifyToken);
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/events',
      tags: ['events'],
      summary: 'Upcoming events (soonest first) or past events (latest first)',
      request: { query: eventListQuery },
      responses: {
        200: jsonResponse(pageOf(eventView, 'EventPage'), 'A page of events'),
        ...problemResponses(400),
      },
    }),
    async (c) => {
      const { when, limit, cursor } = c.req.valid('query');
      const page = await events.list(when, limit, await cursors.open(`events:${when}`, cursor));
      return c.json(
        {
          items: page.items.map(toEventView),
          nextCursor: await cursors.sign(`events:${when}`, page.nextCursor),
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/events/{eventId}',
      tags: ['events'],
      summary: 'An event with its accepted talks in running order',
      request: { params: eventIdParams },
      responses: {
        200: jsonResponse(eventDetailView, 'The event'),
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const { eventId } = c.req.valid('param');
      const [event, eventTalks] = await Promise.all([
        events.get(eventId),
        talks.listForEvent(eventId, { status: 'accepted' }),
      ]);
      return c.json(toEventDetailView(event, eventTalks), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizer/me',
      tags: ['organizer'],
      summary: 'The signed-in organizer',
      security: ORGANIZER_SECURITY,
      middleware: [organizer] as const,
      responses: {
        200: jsonResponse(organizerView, 'The organizer'),
        ...problemResponses(401, 403),
      },
    }),
    (c) => c.json(c.get('organizer'), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizer/events',
      tags: ['organizer'],
      summary: 'Events with the details only organizers see',
      security: ORGANIZER_SECURITY,
      middleware: [organizer] as const,
      request: { query: eventListQuery },
      responses: {
        200: jsonResponse(pageOf(organizerEventView, 'OrganizerEventPage'), 'A page of events'),
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const { when, limit, cursor } = c.req.valid('query');
      const page = await events.list(when, limit, await cursors.open(`events:${when}`, cursor));
      return c.json(
        {
          items: page.items.map(toOrganizerEventView),
          nextCursor: await cursors.sign(`events:${when}`, page.nextCursor),
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizer/events/{eventId}',
      tags: ['organizer'],
      summary: 'One event with the details only organizers see',
      security: ORGANIZER_SECURITY,
      middleware: [organizer] as const,
      request: { params: eventIdParams },
      responses: {
        200: jsonResponse(organizerEventView, 'The event'),
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => c.json(toOrganizerEventView(await events.get(c.req.valid('param').eventId)), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/events',
      tags: ['organizer'],
      summary: 'Create an event',
      security: ORGANIZER_SECURITY,
      middleware: [organizer] as const,
      request: { body: jsonBody(createEventSchema) },
      responses: {
        201: jsonResponse(organizerEventView, 'The new event'),
        ...problemResponses(400, 401, 403, 413, 415, 422),
      },
    }),
    async (c) => c.json(toOrganizerEventView(await events.create(c.req.valid('json'))), 201),
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/events/{eventId}',
      tags: ['organizer'],
      summary: 'Change an event; raising the capacity gives the new seats to the waitlist',
      security: ORGANIZER_SECURITY,
      middleware: [organizer] as const,
      request: { params: eventIdParams, body: jsonBody(updateEventSchema) },
      responses: {
        200: jsonResponse(organizerEventView, 'The changed event'),
        ...problemResponses(400, 401, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => {
      const { eventId } = c.req.valid('param');
      await events.update(eventId, c.req.valid('json'));
      await registrations.fillFreeSeats(eventId);
      return c.json(toOrganizerEventView(await events.get(eventId)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/events/{eventId}/status',
      tags: ['organizer'],
      summary: 'Move an event along upcoming → ongoing → completed, or to cancelled',
      security: ORGANIZER_SECURITY,
      middleware: [organizer] as const,
      request: { params: eventIdParams, body: jsonBody(changeEventStatusSchema) },
      responses: {
        200: jsonResponse(organizerEventView, 'The event in its new status'),
        ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const { eventId } = c.req.valid('param');
      const event = await events.changeStatus(eventId, c.req.valid('json').status);
      await live.liveChanged(eventId);
      return c.json(toOrganizerEventView(event), 200);
    },
  );

  return router;
}
