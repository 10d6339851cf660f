import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { createTestApi, readJson, type TestApi } from '../support/api.js';
import { aRegistration, aTalk } from '../support/fixtures.js';
import { arbitraryFor, type JsonSchema } from '../support/json-schema-arbitrary.js';
import { fuzzRuns } from '../support/fuzz-settings.js';

/*
 * A fuzzer driven by the API's own OpenAPI document: for every operation it sends requests with
 * valid and invalid path parameters, query parameters, headers and bodies to the app in-process
 * (over a real table in DynamoDB Local), and checks each answer against the document: never a
 * 5xx, a documented status, and a body that fits the documented schema of that status
 * (problem+json for every error, with the HTTP status inside).
 *
 * Short by default; FUZZ_RUNS=<n> sets the requests per operation (see docs/resilience.md).
 */

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

interface Operation {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content: Record<string, { schema: JsonSchema }> };
  readonly responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { readonly schemas: Record<string, JsonSchema> };
}

interface FuzzedRequest {
  readonly path: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** The ids and private-link tokens of a live event, registration and talk. */
interface Fixtures {
  readonly eventId: string;
  readonly registrationId: string;
  readonly registrationToken: string;
  readonly talkId: string;
  readonly talkToken: string;
  readonly pollId: string;
}

const DOCUMENT_ID = 'https://ltc.test/openapi.json';
const RUNS = fuzzRuns(12);

let api: TestApi;
let document: OpenApiDocument;
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
const validators = new Map<string, ValidateFunction>();

beforeAll(async () => {
  api = await createTestApi();
  document = await readJson<OpenApiDocument>(await api.request('/api/openapi.json'));
  ajv.addSchema({ $id: DOCUMENT_ID, components: document.components });
});

function resolve(ref: string): JsonSchema {
  const name = ref.replace('#/components/schemas/', '');
  const schema = document.components.schemas[name];
  if (schema === undefined) throw new Error(`the document has no schema ${ref}`);
  return schema;
}

/** A validator for a response schema, its references pointed at the whole document. */
function validatorFor(schema: JsonSchema): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (validate === undefined) {
    const absolute = JSON.parse(
      key.replaceAll('"#/components/', `"${DOCUMENT_ID}#/components/`),
    ) as object;
    validate = ajv.compile(absolute);
    validators.set(key, validate);
  }
  return validate;
}

async function freshFixtures(): Promise<Fixtures> {
  const event = await api.createEvent();
  const registration = await readJson<{ registration: { id: string }; manageToken: string }>(
    await api.request(`/api/events/${event.id}/registrations`, {
      method: 'POST',
      json: aRegistration(1),
    }),
  );
  const talk = await readJson<{ talk: { id: string }; manageToken: string }>(
    await api.request(`/api/events/${event.id}/talks`, { method: 'POST', json: aTalk(1) }),
  );
  const poll = await readJson<{ id: string }>(
    await api.request(`/api/events/${event.id}/polls`, {
      method: 'POST',
      json: { question: 'Best talk?', options: ['A', 'B'] },
      asOrganizer: true,
    }),
  );
  return {
    pollId: poll.id,
    eventId: event.id,
    registrationId: registration.registration.id,
    registrationToken: registration.manageToken,
    talkId: talk.talk.id,
    talkToken: talk.manageToken,
  };
}

/** Printable ASCII, the only text HTTP header values can carry here. */
const headerText = (maxLength: number) =>
  fc.string({ maxLength, unit: fc.integer({ min: 0x20, max: 0x7e }).map(String.fromCharCode) });

const garbageText = fc.oneof(
  fc.string({ maxLength: 80, unit: 'grapheme' }),
  fc.constantFrom(
    '',
    ' ',
    '..',
    '%',
    '0',
    '-1',
    'null',
    '<script>',
    "' OR 1=1 --",
    'a'.repeat(300),
  ),
);

/** A JSON value of any shape, as a client might send instead of the expected body. */
const anyJson = fc.jsonValue({ maxDepth: 3 });

function pathValue(name: string, schema: JsonSchema, fixtures: Fixtures): fc.Arbitrary<string> {
  const known: Record<string, string> = {
    eventId: fixtures.eventId,
    registrationId: fixtures.registrationId,
    talkId: fixtures.talkId,
    pollId: fixtures.pollId,
  };
  const valid = known[name];
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(valid ?? 'x') },
    { weight: 1, arbitrary: arbitraryFor(schema, resolve).map(String) },
    { weight: 1, arbitrary: garbageText.filter((text) => text.length > 0) },
  );
}

function queryValue(schema: JsonSchema): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: arbitraryFor(schema, resolve).map(String) },
    { weight: 1, arbitrary: garbageText },
  );
}

/** A body: mostly one that fits the schema, else a damaged one, any JSON, or no JSON at all. */
function bodyArbitrary(schema: JsonSchema | undefined): fc.Arbitrary<string | undefined> {
  const fitting = schema === undefined ? anyJson : arbitraryFor(schema, resolve);
  const damaged = fc
    .tuple(fitting, fc.string({ maxLength: 12 }), anyJson)
    .map(([value, key, replacement]) =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? { ...value, [key]: replacement }
        : replacement,
    );
  return fc.oneof(
    { weight: 5, arbitrary: fitting.map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: damaged.map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: anyJson.map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, '', '{', '{"a":', 'x'.repeat(40_000)) },
  );
}

function requestArbitrary(
  method: string,
  template: string,
  operation: Operation,
  fixtures: Fixtures,
  organizerToken: string,
): fc.Arbitrary<FuzzedRequest> {
  const parameters = operation.parameters ?? [];
  const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = parameters.filter((parameter) => parameter.in === 'query');
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  const manageToken = template.includes('{talkId}')
    ? fixtures.talkToken
    : fixtures.registrationToken;

  return fc
    .record({
      path: fc.tuple(...pathParameters.map((p) => pathValue(p.name, p.schema, fixtures))),
      query: fc.tuple(...queryParameters.map((p) => queryValue(p.schema))),
      extraQuery: fc.option(fc.tuple(headerText(10), headerText(10)), { freq: 6 }),
      authorization: fc.oneof(
        fc.constant(`Bearer ${organizerToken}`),
        fc.constant(undefined),
        headerText(60).map((text) => `Bearer ${text}`),
        headerText(60),
      ),
      manageToken: fc.oneof(fc.constant(manageToken), fc.constant(undefined), headerText(200)),
      contentType: fc.oneof(
        { weight: 6, arbitrary: fc.constant('application/json') },
        { weight: 1, arbitrary: fc.constantFrom(undefined, 'text/plain', 'application/xml') },
        { weight: 1, arbitrary: headerText(40) },
      ),
      requestId: fc.option(headerText(80), { freq: 3 }),
      body: method === 'get' ? fc.constant(undefined) : bodyArbitrary(bodySchema),
    })
    .map((parts) => {
      let path = template;
      pathParameters.forEach((parameter, index) => {
        path = path.replace(`{${parameter.name}}`, encodeURIComponent(parts.path[index] ?? ''));
      });
      const search = new URLSearchParams();
      queryParameters.forEach((parameter, index) => {
        const value = parts.query[index];
        if (value !== undefined) search.set(parameter.name, value);
      });
      if (parts.extraQuery !== null) search.set(`x${parts.extraQuery[0]}`, parts.extraQuery[1]);
      const headers: Record<string, string> = {};
      if (parts.authorization !== undefined) headers.authorization = parts.authorization;
      if (parts.manageToken !== undefined) headers['x-manage-token'] = parts.manageToken;
      if (parts.contentType !== undefined && parts.body !== undefined)
        headers['content-type'] = parts.contentType;
      if (parts.requestId !== null) headers['x-request-id'] = parts.requestId;
      const query = search.toString();
      return {
        path: query === '' ? path : `${path}?${query}`,
        method: method.toUpperCase(),
        headers,
        ...(parts.body === undefined ? {} : { body: parts.body }),
      };
    });
}

/** What is wrong with an answer by the document's measure; undefined when nothing is. */
async function breach(operation: Operation, response: Response): Promise<string | undefined> {
  if (response.status >= 500) return `a ${response.status}: ${await response.text()}`;
  const documented = operation.responses[String(response.status)];
  if (documented === undefined) {
    return `status ${response.status} is not documented (${Object.keys(operation.responses).join(', ')}): ${await response.text()}`;
  }
  if (documented.content === undefined) return undefined;
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const content = documented.content[mediaType];
  if (content === undefined) {
    return `content type ${mediaType} is not documented for ${response.status} (${Object.keys(documented.content).join(', ')})`;
  }
  const body: unknown = await response.json();
  const validate = validatorFor(content.schema);
  if (!validate(body)) {
    return `the ${response.status} body does not fit its schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`;
  }
  if (response.status >= 400 && (body as { status?: unknown }).status !== response.status) {
    return `the problem's status ${String((body as { status?: unknown }).status)} differs from the HTTP status ${response.status}`;
  }
  return undefined;
}

describe('the API under fuzzed requests built from its OpenAPI document', () => {
  it('documents at least the operations it serves', () => {
    const count = Object.values(document.paths).reduce(
      (total, methods) => total + Object.keys(methods).length,
      0,
    );

    expect(count).toBeGreaterThanOrEqual(20);
  });

  const operations = [
    ['get', '/api/health'],
    ['get', '/api/events'],
    ['post', '/api/events'],
    ['get', '/api/events/{eventId}'],
    ['patch', '/api/events/{eventId}'],
    ['get', '/api/organizer/me'],
    ['get', '/api/organizer/events'],
    ['get', '/api/organizer/events/{eventId}'],
    ['post', '/api/events/{eventId}/status'],
    ['post', '/api/events/{eventId}/registrations'],
    ['get', '/api/events/{eventId}/registrations'],
    ['get', '/api/events/{eventId}/registrations/{registrationId}'],
    ['patch', '/api/events/{eventId}/registrations/{registrationId}'],
    ['post', '/api/events/{eventId}/registrations/{registrationId}/cancel'],
    ['post', '/api/events/{eventId}/talks'],
    ['get', '/api/events/{eventId}/talks'],
    ['get', '/api/events/{eventId}/talks/{talkId}'],
    ['patch', '/api/events/{eventId}/talks/{talkId}'],
    ['post', '/api/events/{eventId}/talks/{talkId}/withdraw'],
    ['post', '/api/events/{eventId}/talks/{talkId}/review'],
    ['put', '/api/events/{eventId}/running-order'],
    ['get', '/api/events/{eventId}/live'],
    ['put', '/api/events/{eventId}/live/current'],
    ['post', '/api/events/{eventId}/live/timer'],
    ['post', '/api/events/{eventId}/polls'],
    ['post', '/api/events/{eventId}/polls/{pollId}/open'],
    ['post', '/api/events/{eventId}/polls/{pollId}/close'],
  ] as const;

  it('fuzzes every operation of the document', () => {
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );

    expect(documented.sort()).toEqual(operations.map(([m, p]) => `${m} ${p}`).sort());
  });

  it.each(operations)(
    'answers fuzzed %s %s with documented statuses and shapes, never a 5xx',
    async (method, path) => {
      const operation = document.paths[path]?.[method];
      if (operation === undefined) throw new Error(`${method} ${path} is not in the document`);
      const fixtures = await freshFixtures();

      await fc.assert(
        fc.asyncProperty(
          requestArbitrary(method, path, operation, fixtures, api.organizerToken),
          async (request) => {
            const response = await api.app.request(request.path, {
              method: request.method,
              headers: request.headers,
              ...(request.body === undefined ? {} : { body: request.body }),
            });
            const problem = await breach(operation, response);
            if (problem !== undefined) {
              throw new Error(
                `${request.method} ${request.path} ${JSON.stringify(request.headers)} ${request.body?.slice(0, 300) ?? ''}\n→ ${problem}`,
              );
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    120_000,
  );
});
