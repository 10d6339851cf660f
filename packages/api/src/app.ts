import { randomUUID } from 'node:crypto';

import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';

import { cacheControlFor } from './cache-control.js';
import {
  createRouter,
  jsonResponse,
  problemResponses,
  type ApiDependencies,
  type RouteDependencies,
} from './context.js';
import { problem, problemFor, respondProblem } from './problem.js';
import { calendarRoutes } from './routes/calendar.js';
import { eventRoutes } from './routes/events.js';
import { liveRoutes } from './routes/live.js';
import { registrationRoutes } from './routes/registrations.js';
import { talkRoutes } from './routes/talks.js';
import { DEFAULT_SETTINGS, readOnlyGuard } from './settings.js';
import { CursorSigner, processSigningKeys } from './signed-cursors.js';

/** Largest request body the API reads; a talk with every field at its maximum fits easily. */
export const MAX_BODY_BYTES = 32 * 1024;

/**
 * The Lightning Talk Circle API under `/api`, one app for every runtime: the local Node server
 * and the Lambda handler both serve exactly this.
 */
export function createApiApp(dependencies: ApiDependencies) {
  const { logger } = dependencies;
  const app = createRouter().basePath('/api');

  app.use(async (c, next) => {
    // A caller's request id is kept only when it is a plain token, so it cannot forge log lines.
    const given = c.req.header('x-request-id');
    const requestId = given !== undefined && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    // A route that knows better (a live view changes every second) sets its own.
    if (!c.res.headers.has('cache-control')) c.header('cache-control', cacheControlFor(c));
    // Only the route pattern is logged: paths carry ids, never names or e-mail addresses.
    logger.info('request', {
      requestId,
      method: c.req.method,
      route: routePath(c),
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
    });
  });

  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        respondProblem(
          c,
          problem(
            413,
            'body-too-large',
            `the request body must be at most ${MAX_BODY_BYTES} bytes`,
            [{ field: 'body', message: `must be at most ${MAX_BODY_BYTES} bytes` }],
          ),
        ),
    }),
  );

  app.use(readOnlyGuard(dependencies.settings ?? (() => Promise.resolve(DEFAULT_SETTINGS))));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['system'],
      summary: 'Whether the API is up',
      responses: {
        200: jsonResponse(z.object({ status: z.literal('ok') }), 'The API is up'),
        ...problemResponses(),
      },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  );

  const routes: RouteDependencies = {
    repositories: dependencies.repositories,
    verifyToken: dependencies.verifyToken,
    cursors: new CursorSigner(dependencies.signingKeys ?? processSigningKeys()),
    live: {
      // A change is stored before it is pushed; a push that fails only delays the audience's
      // view until their next reconnect, so it is logged, never turned into an error.
      liveChanged: async (eventId, view) => {
        try {
          await dependencies.live?.liveChanged(eventId, view);
        } catch (error) {
          logger.warn('live update not pushed', { eventId, error: error as Error });
        }
      },
    },
    siteUrl: dependencies.siteUrl?.replace(/\/+$/, ''),
  };
  app.route('/', eventRoutes(routes));
  app.route('/', registrationRoutes(routes));
  app.route('/', talkRoutes(routes));
  app.route('/', liveRoutes(routes));
  app.route('/', calendarRoutes(routes));

  app.openAPIRegistry.registerComponent('securitySchemes', 'organizerToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token of a member of the organizers group',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Lightning Talk Circle API',
      version: '0.1.0',
      description: 'Events, registrations with a waitlist, and talks of lightning-talk nights.',
    },
  });

  app.notFound((c) =>
    respondProblem(c, problem(404, 'not-found', `no route for ${c.req.method} ${c.req.path}`)),
  );

  app.onError((error, c) => {
    const { body, headers } = problemFor(error);
    if (body.status >= 500) {
      logger.error('request failed', {
        requestId: c.get('requestId'),
        route: routePath(c),
        error,
      });
    }
    return respondProblem(c, body, headers);
  });

  return app;
}

export type ApiApp = ReturnType<typeof createApiApp>;
