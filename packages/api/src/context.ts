import type { Logger } from '@aws-lambda-powertools/logger';
import { OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Repositories } from '@ltc/data';
import type { Organizer } from '@ltc/domain';
import type { LiveBroadcaster } from '@ltc/realtime';

import type { TokenVerifier } from './auth/token-verifier.js';
import { fieldProblems, problem, respondProblem } from './problem.js';
import { problemView } from './schemas.js';
import type { SettingsSource } from './settings.js';
import type { CursorSigner, SigningKeySource } from './signed-cursors.js';

/** What the API needs from the outside; the adapters (local server, Lambda) provide it. */
export interface ApiDependencies {
  readonly repositories: Repositories;
  readonly verifyToken: TokenVerifier;
  readonly logger: Logger;
  /** Keys that sign pagination cursors. @default A random key for the life of the process */
  readonly signingKeys?: SigningKeySource;
  /** Runtime settings such as the read-only switch. @default Never read-only */
  readonly settings?: SettingsSource;
  /** Pushes changes of an event night to its audience. @default Nothing is pushed */
  readonly live?: LiveNotifier;
  /**
   * Origin of the web app, such as `https://xn--6wym69a.com`, for the links the API hands out
   * (the event page in a calendar entry).
   * @default The origin the request was sent to, right where the API and the web app share a host
   */
  readonly siteUrl?: string | undefined;
}

/** Where the API reports a change of an event night, for the audience's live pages. */
export type LiveNotifier = Pick<LiveBroadcaster, 'liveChanged'>;

/** What the routes are built with. */
export interface RouteDependencies {
  readonly repositories: Repositories;
  readonly verifyToken: TokenVerifier;
  readonly cursors: CursorSigner;
  readonly live: LiveNotifier;
  /** See {@link ApiDependencies.siteUrl}. */
  readonly siteUrl?: string | undefined;
}

export interface ApiEnv {
  Variables: {
    organizer: Organizer;
    requestId: string;
  };
}

/** A router whose validation failures answer 400 with a problem naming each field. */
export function createRouter() {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (result.success) return undefined;
      const errors = fieldProblems(result.error);
      const first = errors[0];
      return respondProblem(
        c,
        problem(
          400,
          'validation-failed',
          first === undefined ? 'the request is not valid' : `${first.field} ${first.message}`,
          errors,
        ),
      );
    },
  });
}

/** The JSON request body of a route, from a domain schema. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

/** Problem responses a route may give, for the OpenAPI document. */
export function problemResponses(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: 'The request is malformed or a field is not valid',
    401: 'No valid organizer token',
    403: 'Not allowed for this caller',
    404: 'Not found',
    409: 'Conflicts with the current state',
    413: 'The request body is too large',
    415: 'The request body is not JSON',
    422: 'Breaks a rule of the domain',
    503: 'Temporarily unavailable; retry after the Retry-After seconds',
  };
  return Object.fromEntries(
    [...statuses, 503].map((status) => [
      status,
      {
        description: descriptions[status] ?? 'Error',
        content: { 'application/problem+json': { schema: problemView } },
      },
    ]),
  );
}
