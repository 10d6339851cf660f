import { beforeAll, describe, expect, it } from 'vitest';

import { createTestApi, readJson, type TestApi } from '../support/api.js';

interface MediaType {
  schema?: { $ref?: string };
}

interface Operation {
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { content?: Record<string, MediaType> }>;
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  security?: unknown;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes?: Record<string, unknown> };
}

/**
 * Every operation the app serves, as declared in packages/api/src/app.ts (health) and
 * packages/api/src/routes/*.ts. A new route must be added here and to the document.
 */
const OPERATIONS = [
  { method: 'get', path: '/api/health', organizer: false },
  { method: 'get', path: '/api/events', organizer: false },
  { method: 'get', path: '/api/events/{eventId}', organizer: false },
  { method: 'get', path: '/api/organizer/me', organizer: true },
  { method: 'get', path: '/api/organizer/events', organizer: true },
  { method: 'get', path: '/api/organizer/events/{eventId}', organizer: true },
  { method: 'post', path: '/api/events', organizer: true },
  { method: 'patch', path: '/api/events/{eventId}', organizer: true },
  { method: 'post', path: '/api/events/{eventId}/status', organizer: true },
  { method: 'post', path: '/api/events/{eventId}/registrations', organizer: false },
  { method: 'get', path: '/api/events/{eventId}/registrations/{registrationId}', organizer: false },
  {
    method: 'patch',
    path: '/api/events/{eventId}/registrations/{registrationId}',
    organizer: false,
  },
  {
    method: 'post',
    path: '/api/events/{eventId}/registrations/{registrationId}/cancel',
    organizer: false,
  },
  { method: 'get', path: '/api/events/{eventId}/registrations', organizer: true },
  { method: 'post', path: '/api/events/{eventId}/talks', organizer: false },
  { method: 'get', path: '/api/events/{eventId}/talks/{talkId}', organizer: false },
  { method: 'patch', path: '/api/events/{eventId}/talks/{talkId}', organizer: false },
  { method: 'post', path: '/api/events/{eventId}/talks/{talkId}/withdraw', organizer: false },
  { method: 'get', path: '/api/events/{eventId}/talks', organizer: true },
  { method: 'post', path: '/api/events/{eventId}/talks/{talkId}/review', organizer: true },
  { method: 'put', path: '/api/events/{eventId}/running-order', organizer: true },
  { method: 'get', path: '/api/events/{eventId}/live', organizer: false },
  { method: 'put', path: '/api/events/{eventId}/live/current', organizer: true },
  { method: 'post', path: '/api/events/{eventId}/live/timer', organizer: true },
  { method: 'post', path: '/api/events/{eventId}/polls', organizer: true },
  { method: 'post', path: '/api/events/{eventId}/polls/{pollId}/open', organizer: true },
  { method: 'post', path: '/api/events/{eventId}/polls/{pollId}/close', organizer: true },
  { method: 'get', path: '/api/calendar.ics', organizer: false },
  { method: 'get', path: '/api/events/{eventId}/calendar.ics', organizer: false },
  {
    method: 'post',
    path: '/api/organizer/events/{eventId}/registrations/{registrationId}/check-in',
    organizer: true,
  },
  {
    method: 'delete',
    path: '/api/organizer/events/{eventId}/registrations/{registrationId}/check-in',
    organizer: true,
  },
  { method: 'get', path: '/api/organizer/events/{eventId}/registrations.csv', organizer: true },
] as const;

/** The document describes the API, not itself. */
const DOCUMENT_PATH = '/api/openapi.json';

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

let api: TestApi;
let doc: OpenApiDocument;

function operations(): { key: string; operation: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({
      key: key(method, path),
      operation,
    })),
  );
}

function operation(method: string, path: string): Operation {
  const found = doc.paths[path]?.[method];
  if (found === undefined) throw new Error(`${key(method, path)} is not documented`);
  return found;
}

beforeAll(async () => {
  api = await createTestApi();
  const response = await api.request(DOCUMENT_PATH);
  expect(response.status).toBe(200);
  doc = await readJson<OpenApiDocument>(response);
});

describe('the OpenAPI document', () => {
  it('is served as OpenAPI 3.1 JSON', async () => {
    const response = await api.request(DOCUMENT_PATH);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String) as unknown, version: '0.1.0' });
  });

  it('lists exactly the operations the routes declare', () => {
    const documented = operations().map((entry) => entry.key);

    expect(documented.sort()).toEqual(OPERATIONS.map((op) => key(op.method, op.path)).sort());
  });

  it('leaves out no route the app serves', () => {
    const served = new Set(
      api.app.routes
        .filter((route) => route.method !== 'ALL' && route.path !== DOCUMENT_PATH)
        .map((route) => key(route.method, route.path.replace(/:(\w+)/g, '{$1}'))),
    );

    expect([...served].sort()).toEqual(OPERATIONS.map((op) => key(op.method, op.path)).sort());
  });

  it('declares every path parameter of every operation', () => {
    for (const { method, path } of OPERATIONS) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = (operation(method, path).parameters ?? [])
        .filter((parameter) => parameter.in === 'path' && parameter.required === true)
        .map((parameter) => parameter.name);

      expect(declared, key(method, path)).toEqual(names);
    }
  });

  it('declares the organizerToken bearer scheme on organizer operations and on no others', () => {
    expect(doc.components.securitySchemes?.organizerToken).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(doc.security).toBeUndefined();

    for (const { method, path, organizer } of OPERATIONS) {
      const { security } = operation(method, path);

      if (organizer) {
        expect(security, key(method, path)).toEqual([{ organizerToken: [] }]);
      } else {
        expect(security ?? [], key(method, path)).toEqual([]);
      }
    }
  });

  it('documents 401 and 403 on every organizer operation', () => {
    for (const { method, path } of OPERATIONS.filter((op) => op.organizer)) {
      const statuses = Object.keys(operation(method, path).responses);

      expect(statuses, key(method, path)).toEqual(expect.arrayContaining(['401', '403']));
    }
  });

  it('documents a problem response for every operation, and only problems for errors', () => {
    for (const { key: name, operation: op } of operations()) {
      const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);

      expect(errors.length, name).toBeGreaterThan(0);
      for (const [status, response] of errors) {
        expect(Object.keys(response.content ?? {}), `${name} ${status}`).toEqual([
          'application/problem+json',
        ]);
        expect(response.content?.['application/problem+json']?.schema?.$ref).toBe(
          '#/components/schemas/Problem',
        );
      }
    }
  });

  it('documents 400, 413 and 415 for every operation that takes a JSON body', () => {
    const withBody = operations().filter(
      ({ operation: op }) => op.requestBody?.content['application/json'] !== undefined,
    );

    expect(withBody.length).toBeGreaterThan(5);
    for (const { key: name, operation: op } of withBody) {
      expect(Object.keys(op.responses), name).toEqual(
        expect.arrayContaining(['400', '413', '415']),
      );
    }
  });
});

describe('the documented security', () => {
  it('matches what the app enforces: organizer operations answer 401 without a token', async () => {
    const ids = {
      eventId: '01NOSUCHEVENT00000000000000',
      registrationId: '01NOSUCH',
      talkId: '01NOSUCH',
    };
    for (const { method, path, organizer } of OPERATIONS) {
      const url = path.replace(/\{(\w+)\}/g, (_, name: keyof typeof ids) => ids[name]);

      const response = await api.request(url, {
        method: method.toUpperCase(),
        ...(method === 'get' || method === 'delete' ? {} : { json: {} }),
      });

      if (organizer) {
        expect(response.status, key(method, path)).toBe(401);
      } else {
        expect(response.status, key(method, path)).not.toBe(401);
      }
    }
  });
});
