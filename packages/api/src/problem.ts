import { DomainError } from '@ltc/domain';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';

/** One field's problem inside a problem document. */
export interface FieldProblem {
  /** Dotted path of the field, e.g. `venue.name`; `body` when the whole body is at fault. */
  readonly field: string;
  readonly message: string;
}

/** An RFC 9457 problem document, as every error of the API is answered. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** A stable slug for the kind of problem, e.g. `already-registered`. */
  readonly code: string;
  readonly errors?: readonly FieldProblem[];
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function problem(
  status: number,
  code: string,
  detail: string,
  errors?: readonly FieldProblem[],
): Problem {
  return {
    type: `https://xn--6wym69a.com/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors === undefined ? {} : { errors }),
  };
}

/** Answers with a problem document and the `application/problem+json` media type. */
export function respondProblem(c: Context, body: Problem, headers: Record<string, string> = {}) {
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, {
    ...headers,
    'content-type': 'application/problem+json',
  });
}

/**
 * Lists each failed field of a zod error by its name as the API uses it: the dotted path of a
 * body field (`venue.name`), or the name of the query parameter, path parameter or header.
 */
export function fieldProblems(error: ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return { field: [...path, ...issue.keys].join('.'), message: 'is not a known field' };
    }
    return { field: path.length === 0 ? 'body' : path.join('.'), message: issue.message };
  });
}

/** Raised by the API layer when a request carries no valid organizer token. */
export class UnauthenticatedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnauthenticatedError';
  }
}

/** Raised when the caller is signed in but not allowed to do this. */
export class NotAnOrganizerError extends Error {
  constructor() {
    super('this operation needs a member of the organizers group');
    this.name = 'NotAnOrganizerError';
  }
}

/**
 * Maps any error to a problem document: domain errors keep their status and field,
 * Hono's HTTP errors (e.g. malformed JSON) keep theirs, and anything else is a 500 that
 * says nothing of the inside.
 */
export function problemFor(error: unknown): { body: Problem; headers?: Record<string, string> } {
  if (error instanceof DomainError) {
    const errors =
      error.field === undefined ? undefined : [{ field: error.field, message: error.message }];
    return { body: problem(error.status, error.code, error.message, errors) };
  }
  if (error instanceof UnauthenticatedError) {
    return {
      body: problem(401, 'unauthenticated', error.reason),
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    };
  }
  if (error instanceof NotAnOrganizerError) {
    return { body: problem(403, 'not-an-organizer', error.message) };
  }
  if (error instanceof HTTPException && error.status < 500) {
    if (/malformed json/i.test(error.message)) {
      return {
        body: problem(400, 'malformed-json', 'the request body is not valid JSON', [
          { field: 'body', message: 'is not valid JSON' },
        ]),
      };
    }
    if (error.status === 415) {
      return {
        body: problem(415, 'unsupported-media-type', 'send the request body as application/json', [
          { field: 'content-type', message: 'must be application/json' },
        ]),
      };
    }
    return {
      body: problem(error.status, 'bad-request', error.message || 'the request was not understood'),
    };
  }
  if (isTransient(error)) {
    return {
      body: problem(503, 'temporarily-unavailable', 'the service is busy; retry in a moment'),
      headers: { 'retry-after': '1' },
    };
  }
  return {
    body: problem(500, 'internal-error', 'something went wrong on our side; try again later'),
  };
}

const TRANSIENT_NAMES = new Set([
  'ContentionError',
  'ThroughputExceededError',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
]);
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

/** Whether the store is busy or out of reach for a moment, so retrying later can succeed. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  return TRANSIENT_NAMES.has(error.name) || (typeof code === 'string' && TRANSIENT_CODES.has(code));
}
