import { createRoute } from '@hono/zod-openapi';
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
} from '../schemas.js';
import { toRegistrationView } from '../views.js';

/** Registering for an event, the private manage link, and the organizer's list. */
export function registrationRoutes({ repositories, verifyToken, cursors }: RouteDependencies) {
  const { events, registrations } = repositories;
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
      middleware: [organizerOnly(verifyToken)] as const,
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

  return router;
}
