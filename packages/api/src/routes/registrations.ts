import { createRoute, z } from '@hono/zod-openapi';
import { registerSchema, updateRegistrationSchema, type Registration } from '@ltc/domain';

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
  newRegistrationView,
  pageOf,
  pageQuery,
  registrationParams,
  registrationView,
  registrationsExportQuery,
} from '../schemas.js';
import { CSV_CONTENT_TYPE, registrationsCsv, registrationsFileName } from '../registrations-csv.js';
import { toRegistrationView } from '../views.js';

/** Registering for an event, the private manage link, and the organizer's list. */
export function registrationRoutes({ repositories, verifyToken, cursors }: RouteDependencies) {
  const { events, registrations } = repositories;
  const organizer = organizerOnly(verifyToken);
  const router = createRouter();

  /** The owner's view: with the waitlist position and, once confirmed, the online link. */
  async function ownerView(registration: Registration) {
    const [event, waitlistPosition] = await Promise.all([
      events.get(registration.eventId),
      registration.status === 'waitlisted'
        ? registrations.waitlistPosition(registration.eventId, registration.id)
        : Promise.resolve(undefined),
    ]);
    return toRegistrationView(registration, {
      event,
      ...(waitlistPosition === undefined ? {} : { waitlistPosition }),
    });
  }

  router.openapi(
    createRoute({
      method: 'post',
      path: '/events/{eventId}/registrations',
      tags: ['registrations'],
      summary: 'Register for an event; waitlisted when the onsite seats are taken',
      request: { params: eventIdParams, body: jsonBody(registerSchema) },
      responses: {
        201: jsonResponse(
          newRegistrationView,
          'The registration and the token of its private link',
        ),
        ...problemResponses(400, 404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const { eventId } = c.req.valid('param');
      const { registration, manageToken } = await registrations.register(
        eventId,
        c.req.valid('json'),
      );
      return c.json({ registration: await ownerView(registration), manageToken }, 201);
    },
  );

  const manageRoute = {
    tags: ['registrations'],
    request: { params: registrationParams, headers: manageTokenHeaders },
  };

  router.openapi(
    createRoute({
      ...manageRoute,
      method: 'get',
      path: '/events/{eventId}/registrations/{registrationId}',
      summary: 'A registration, through its private link',
      responses: {
        200: jsonResponse(registrationView, 'The registration'),
        ...problemResponses(400, 403, 404),
      },
    }),
    async (c) => {
      const { eventId, registrationId } = c.req.valid('param');
      const token = c.req.valid('header')['x-manage-token'];
      return c.json(
        await ownerView(await registrations.getWithToken(eventId, registrationId, token)),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      ...manageRoute,
      method: 'patch',
      path: '/events/{eventId}/registrations/{registrationId}',
      summary: 'Change the name on a registration, through its private link',
      request: { ...manageRoute.request, body: jsonBody(updateRegistrationSchema) },
      responses: {
        200: jsonResponse(registrationView, 'The changed registration'),
        ...problemResponses(400, 403, 404, 409, 413, 415),
      },
    }),
    async (c) => {
      const { eventId, registrationId } = c.req.valid('param');
      const token = c.req.valid('header')['x-manage-token'];
      const { name } = c.req.valid('json');
      return c.json(
        await ownerView(await registrations.rename(eventId, registrationId, token, name)),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      ...manageRoute,
      method: 'post',
      path: '/events/{eventId}/registrations/{registrationId}/cancel',
      summary: 'Cancel a registration; a freed onsite seat goes to the head of the waitlist',
      responses: {
        200: jsonResponse(registrationView, 'The cancelled registration'),
        // The operation takes no body, but one that is sent is still limited in size.
        ...problemResponses(400, 403, 404, 409, 413),
      },
    }),
    async (c) => {
      const { eventId, registrationId } = c.req.valid('param');
      const token = c.req.valid('header')['x-manage-token'];
      return c.json(
        await ownerView(await registrations.cancel(eventId, registrationId, token)),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/events/{eventId}/registrations',
      tags: ['organizer'],
      summary: 'All registrations of an event, in the order they arrived',
      security: ORGANIZER_SECURITY,
      middleware: [organizer] as const,
      request: { params: eventIdParams, query: pageQuery },
      responses: {
        200: jsonResponse(pageOf(registrationView, 'RegistrationPage'), 'A page of registrations'),
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { eventId } = c.req.valid('param');
      const { limit, cursor } = c.req.valid('query');
      const event = await events.get(eventId);
      const page = await registrations.listForEvent(
        eventId,
        limit,
        await cursors.open(`registrations:${eventId}`, cursor),
      );
      return c.json(
        {
          items: page.items.map((r) => toRegistrationView(r, { event })),
          nextCursor: await cursors.sign(`registrations:${eventId}`, page.nextCursor),
        },
        200,
      );
    },
  );

  const checkInPath = '/organizer/events/{eventId}/registrations/{registrationId}/check-in';

  router.openapi(
    createRoute({
      method: 'post',
      path: checkInPath,
      tags: ['organizer'],
      security: ORGANIZER_SECURITY,
      middleware: [organizer] as const,
      request: { params: registrationParams },
      summary: 'Check a confirmed onsite participant in at the door; again answers the same',
      responses: {
        200: jsonResponse(registrationView, 'The registration, checked in'),
        // The operation takes no body, but one that is sent is still limited in size.
        ...problemResponses(400, 401, 403, 404, 409, 413),
      },
    }),
    async (c) => {
      const { eventId, registrationId } = c.req.valid('param');
      const [registration, event] = await Promise.all([
        registrations.checkIn(eventId, registrationId),
        events.get(eventId),
      ]);
      return c.json(toRegistrationView(registration, { event }), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: checkInPath,
      tags: ['organizer'],
      security: ORGANIZER_SECURITY,
      middleware: [organizer] as const,
      request: { params: registrationParams },
      summary: 'Take a check-in back; a registration not checked in is answered as it is',
      responses: {
        200: jsonResponse(registrationView, 'The registration, not checked in'),
        ...problemResponses(400, 401, 403, 404, 409, 413),
      },
    }),
    async (c) => {
      const { eventId, registrationId } = c.req.valid('param');
      const registration = await registrations.undoCheckIn(eventId, registrationId);
      return c.json(toRegistrationView(registration, { event: await events.get(eventId) }), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizer/events/{eventId}/registrations.csv',
      tags: ['organizer'],
      summary: 'Every registration of an event as CSV for a spreadsheet (UTF-8 with BOM, CRLF)',
      security: ORGANIZER_SECURITY,
      middleware: [organizer] as const,
      request: { params: eventIdParams, query: registrationsExportQuery },
      responses: {
        200: {
          description: 'The registrations in arrival order, as an attachment',
          content: {
            'text/csv': {
              schema: z.string().openapi({
                description: 'CSV (RFC 4180) in UTF-8 with a byte order mark and CRLF line ends',
              }),
            },
          },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { eventId } = c.req.valid('param');
      const { lang } = c.req.valid('query');
      const event = await events.get(eventId);
      const [all, waitlist] = await Promise.all([
        registrations.allForEvent(eventId),
        registrations.waitlist(eventId),
      ]);
      return c.body(registrationsCsv(event, all, waitlist, lang), 200, {
        'content-type': CSV_CONTENT_TYPE,
        'content-disposition': `attachment; filename="${registrationsFileName(event)}"`,
      });
    },
  );

  return router;
}
