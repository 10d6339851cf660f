import { createMiddleware } from 'hono/factory';

import type { ApiEnv } from '../context.js';
import { UnauthenticatedError } from '../problem.js';
import type { TokenVerifier } from './token-verifier.js';

/** Lets a request through only with a valid organizer access token; names the organizer. */
export function organizerOnly(verifyToken: TokenVerifier) {
  return createMiddleware<ApiEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    const match = header === undefined ? null : /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (match?.[1] === undefined) {
      throw new UnauthenticatedError(
        'sign in as an organizer: send Authorization: Bearer <access token>',
      );
    }
    c.set('organizer', await verifyToken(match[1]));
    await next();
  });
}

/** The OpenAPI security requirement of organizer routes. */
export const ORGANIZER_SECURITY = [{ organizerToken: [] }];
