import { beforeAll, describe, expect, it } from 'vitest';

import { aRegistration, aTalk, anEvent } from '../support/fixtures.js';
import { createTestApi, readJson, type TestApi } from '../support/api.js';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
}

/** A request that must be refused, and how. */
interface RefusedRequest {
  readonly name: string;
  readonly send: (eventId: string) => Promise<Response>;
  readonly status: number;
  /** The problem's code, when the API promises a specific one. */
  readonly code?: string;
  /** A field that `errors[].field` must name. */
  readonly field?: string;
}

/** A write endpoint and a body it accepts, which each case spoils in one way. */
interface WriteTarget {
  readonly name: string;
  readonly method: 'POST' | 'PATCH';
  readonly path: (eventId: string) => string;
  readonly asOrganizer: boolean;
  readonly valid: () => Record<string, unknown>;
  /** A text field that can carry a body past the size limit. */
  readonly textField: string;
}

const LARGE_TEXT = 'あ'.repeat(12 * 1024);

let api: TestApi;
let eventId: string;

const targets: readonly WriteTarget[] = [
  {
    name: 'POST /api/events',
    method: 'POST',
    path: () => '/api/events',
    asOrganizer: true,
    valid: () => ({ ...anEvent() }),
    textField: 'description',
  },
  {
    name: 'POST /api/events/{eventId}/registrations',
    method: 'POST',
    path: (id) => `/api/events/${id}/registrations`,
    asOrganizer: false,
    valid: () => ({ ...aRegistration(1000) }),
    textField: 'name',
  },
  {
    name: 'POST /api/events/{eventId}/talks',
    method: 'POST',
    path: (id) => `/api/events/${id}/talks`,
    asOrganizer: false,
    valid: () => ({ ...aTalk(1000) }),
    textField: 'abstract',
  },
  {
    name: 'PATCH /api/events/{eventId}',
    method: 'PATCH',
    path: (id) => `/api/events/${id}`,
    asOrganizer: true,
    valid: () => ({ title: '変更後のタイトル' }),
    textField: 'description',
  },
];

function target(name: string): WriteTarget {
  const found = targets.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no target ${name}`);
  return found;
}

function sendJson(to: WriteTarget, json: unknown) {
  return (id: string) =>
    api.request(to.path(id), { method: to.method, asOrganizer: to.asOrganizer, json });
}

function sendRaw(to: WriteTarget, body: string, contentType: string) {
  return (id: string) =>
    api.request(to.path(id), {
      method: to.method,
      asOrganizer: to.asOrganizer,
      body,
      headers: { 'content-type': contentType },
    });
}

/** The valid body of a target with one field replaced, or left out when `value` is undefined. */
function withField(to: WriteTarget, field: string, value: unknown): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries({ ...to.valid(), [field]: value }).filter(([, v]) => v !== undefined),
  );
}

function fieldCase(
  targetName: string,
  name: string,
  field: string,
  value: unknown,
  reported: string = field,
): RefusedRequest {
  const to = target(targetName);
  return {
    name: `${to.name}: ${name}`,
    send: sendJson(to, withField(to, field, value)),
    status: 400,
    code: 'validation-failed',
    field: reported,
  };
}

/** What each write endpoint must refuse, whatever its fields. */
const malformedBodies: RefusedRequest[] = targets.flatMap((to) => [
  {
    name: `${to.name}: malformed JSON`,
    send: sendRaw(to, '{"title": "閉じていない', 'application/json'),
    status: 400,
    code: 'malformed-json',
    field: 'body',
  },
  {
    name: `${to.name}: an array where the body object belongs`,
    send: sendJson(to, [to.valid()]),
    status: 400,
    code: 'validation-failed',
    field: 'body',
  },
  {
    name: `${to.name}: an unknown field`,
    send: sendJson(to, { ...to.valid(), isOrganizer: true }),
    status: 400,
    code: 'validation-failed',
    field: 'isOrganizer',
  },
  {
    name: `${to.name}: a body over 32 KiB`,
    send: sendJson(to, withField(to, to.textField, LARGE_TEXT)),
    status: 413,
    code: 'body-too-large',
    field: 'body',
  },
  {
    name: `${to.name}: a text/plain body`,
    send: sendRaw(to, JSON.stringify(to.valid()), 'text/plain'),
    status: 415,
    code: 'unsupported-media-type',
    field: 'content-type',
  },
  {
    name: `${to.name}: a form-encoded body`,
    send: sendRaw(to, 'title=x&name=y', 'application/x-www-form-urlencoded'),
    status: 415,
    code: 'unsupported-media-type',
    field: 'content-type',
  },
]);

const EVENTS = 'POST /api/events';
const REGISTRATIONS = 'POST /api/events/{eventId}/registrations';
const TALKS = 'POST /api/events/{eventId}/talks';
const PATCH_EVENT = 'PATCH /api/events/{eventId}';

const badFields: RefusedRequest[] = [
  fieldCase(EVENTS, 'a number for the title', 'title', 42),
  fieldCase(EVENTS, 'a string for the capacity', 'onsiteCapacity', '30'),
  fieldCase(EVENTS, 'an array for the venue', 'venue', ['渋谷']),
  fieldCase(EVENTS, 'no title', 'title', undefined),
  fieldCase(EVENTS, 'no start time', 'startsAt', undefined),
  fieldCase(EVENTS, 'a title of 201 characters', 'title', 'a'.repeat(201)),
  fieldCase(EVENTS, 'an unknown time zone', 'timeZone', 'Mars/Olympus_Mons'),
  fieldCase(EVENTS, 'a non-integer capacity', 'onsiteCapacity', 1.5),
  fieldCase(EVENTS, 'a negative capacity', 'onsiteCapacity', -1),
  fieldCase(EVENTS, 'a javascript: online link', 'onlineUrl', 'javascript:alert(1)'),
  fieldCase(EVENTS, 'a start time that is not a date', 'startsAt', 'tomorrow'),
  fieldCase(EVENTS, 'a status chosen by the client', 'status', 'completed'),
  fieldCase(EVENTS, 'an unknown venue field', 'venue', { name: '会場', seats: 3 }, 'venue.seats'),
  fieldCase(EVENTS, 'a control character in the title', 'title', 'LT\u0000Night'),
  fieldCase(REGISTRATIONS, 'a number for the name', 'name', 42),
  fieldCase(REGISTRATIONS, 'an array for the attendance', 'attendance', ['onsite']),
  fieldCase(REGISTRATIONS, 'an object for the e-mail', 'email', { address: 'a@example.com' }),
  fieldCase(REGISTRATIONS, 'no e-mail', 'email', undefined),
  fieldCase(REGISTRATIONS, 'no name', 'name', undefined),
  fieldCase(REGISTRATIONS, 'an invalid e-mail', 'email', 'not-an-address'),
  fieldCase(REGISTRATIONS, 'a name of white space only', 'name', ' \t '),
  fieldCase(REGISTRATIONS, 'null for the name', 'name', null),
  fieldCase(REGISTRATIONS, 'an unknown attendance', 'attendance', 'hybrid'),
  fieldCase(REGISTRATIONS, 'a status chosen by the client', 'status', 'confirmed'),
  fieldCase(TALKS, 'a number for the title', 'title', 42),
  fieldCase(TALKS, 'an array for the speaker name', 'speakerName', ['登壇者']),
  fieldCase(TALKS, 'no category', 'category', undefined),
  fieldCase(TALKS, 'no speaker e-mail', 'speakerEmail', undefined),
  fieldCase(TALKS, 'an invalid e-mail', 'speakerEmail', 'speaker@'),
  fieldCase(TALKS, 'a title of 201 characters', 'title', 'a'.repeat(201)),
  fieldCase(TALKS, 'an abstract of 2001 characters', 'abstract', 'a'.repeat(2001)),
  fieldCase(TALKS, 'an invalid category', 'category', 'politics'),
  fieldCase(TALKS, 'a javascript: slide link', 'slideUrl', 'javascript:alert(1)'),
  fieldCase(TALKS, 'an upper-case JAVASCRIPT: slide link', 'slideUrl', 'JAVASCRIPT:alert(1)'),
  fieldCase(TALKS, 'a data: slide link', 'slideUrl', 'data:text/html,<script>alert(1)</script>'),
  fieldCase(TALKS, 'a status chosen by the client', 'status', 'accepted'),
  fieldCase(PATCH_EVENT, 'a number for the description', 'description', 7),
  fieldCase(PATCH_EVENT, 'a string for the talk limit', 'talkLimit', '5'),
  fieldCase(PATCH_EVENT, 'an array for the venue', 'venue', []),
  fieldCase(PATCH_EVENT, 'null for the title', 'title', null),
  fieldCase(PATCH_EVENT, 'a title of 201 characters', 'title', 'a'.repeat(201)),
  fieldCase(PATCH_EVENT, 'an unknown time zone', 'timeZone', 'Asia/Atlantis'),
  fieldCase(PATCH_EVENT, 'a non-integer capacity', 'onsiteCapacity', 30.5),
  fieldCase(PATCH_EVENT, 'a negative capacity', 'onsiteCapacity', -5),
  fieldCase(PATCH_EVENT, 'a javascript: online link', 'onlineUrl', 'javascript:alert(1)'),
  fieldCase(PATCH_EVENT, 'counts chosen by the client', 'counts', { confirmedOnsite: 0 }),
  fieldCase(PATCH_EVENT, 'a status chosen by the client', 'status', 'completed'),
];

function queryCase(query: string, field: string, code = 'validation-failed'): RefusedRequest {
  return {
    name: `GET /api/events?${query}`,
    send: () => api.request(`/api/events?${query}`),
    status: 400,
    code,
    field,
  };
}

const badQueries: RefusedRequest[] = [
  queryCase('limit=0', 'limit'),
  queryCase('limit=abc', 'limit'),
  queryCase('limit=51', 'limit'),
  queryCase('limit=1.5', 'limit'),
  queryCase('when=tomorrow', 'when'),
  queryCase('sort=title', 'sort'),
  queryCase('cursor=not-a-cursor', 'cursor', 'invalid-input'),
  {
    name: 'GET /api/events/{eventId}/registrations?limit=0',
    send: (id) => api.request(`/api/events/${id}/registrations?limit=0`, { asOrganizer: true }),
    status: 400,
    code: 'validation-failed',
    field: 'limit',
  },
  {
    name: 'GET /api/events/{eventId}/registrations?include=email',
    send: (id) =>
      api.request(`/api/events/${id}/registrations?include=email`, { asOrganizer: true }),
    status: 400,
    code: 'validation-failed',
    field: 'include',
  },
];

/** Path ids with odd characters; `..` is resolved by URL parsing and so reaches no route. */
const oddIds = [
  { label: '%00', id: '%00', status: 400, code: 'validation-failed', field: 'eventId' },
  { label: '..', id: '..', status: 404, code: 'not-found' },
  { label: '200 characters', id: 'A'.repeat(200), status: 400, code: 'validation-failed' },
  { label: 'an encoded slash', id: 'a%2Fb', status: 400, code: 'validation-failed' },
] as const;

const badPaths: RefusedRequest[] = oddIds.flatMap((odd) => {
  const field = 'field' in odd ? odd.field : odd.status === 400 ? 'eventId' : undefined;
  const base = { status: odd.status, code: odd.code, ...(field === undefined ? {} : { field }) };
  return [
    {
      ...base,
      name: `GET /api/events/{eventId} with ${odd.label}`,
      send: () => api.request(`/api/events/${odd.id}`),
    },
    {
      ...base,
      name: `POST /api/events/{eventId}/registrations with ${odd.label}`,
      send: () =>
        api.request(`/api/events/${odd.id}/registrations`, {
          method: 'POST',
          json: aRegistration(1001),
        }),
    },
    {
      ...base,
      name: `POST /api/events/{eventId}/talks with ${odd.label}`,
      send: () => api.request(`/api/events/${odd.id}/talks`, { method: 'POST', json: aTalk(1001) }),
    },
    {
      ...base,
      name: `PATCH /api/events/{eventId} with ${odd.label}`,
      send: () =>
        api.request(`/api/events/${odd.id}`, {
          method: 'PATCH',
          asOrganizer: true,
          json: { title: '書き換え' },
        }),
    },
  ];
});

const oddManageIds: RefusedRequest[] = [
  {
    name: 'GET a registration whose id is %00',
    send: (id) => api.request(`/api/events/${id}/registrations/%00`, { manageToken: 'x' }),
    status: 400,
    code: 'validation-failed',
    field: 'registrationId',
  },
  {
    name: 'PATCH a talk whose id is 200 characters',
    send: (id) =>
      api.request(`/api/events/${id}/talks/${'T'.repeat(200)}`, {
        method: 'PATCH',
        manageToken: 'x',
        json: { title: '書き換え' },
      }),
    status: 400,
    code: 'validation-failed',
    field: 'talkId',
  },
];

/** Everything a refused request could have written to: events, counts, registrations, talks. */
async function snapshot(id: string) {
  const read = async (path: string) => {
    const response = await api.request(path, { asOrganizer: true });
    expect(response.status).toBe(200);
    return readJson(response);
  };
  return {
    events: await read('/api/organizer/events?limit=50'),
    event: await read(`/api/organizer/events/${id}`),
    registrations: await read(`/api/events/${id}/registrations?limit=50`),
    talks: await read(`/api/events/${id}/talks`),
  };
}

beforeAll(async () => {
  api = await createTestApi();
  const created = await api.request('/api/events', {
    method: 'POST',
    asOrganizer: true,
    json: anEvent({ onsiteCapacity: 1 }),
  });
  expect(created.status).toBe(201);
  eventId = (await readJson<{ id: string }>(created)).id;
  for (const n of [1, 2]) {
    const registered = await api.request(`/api/events/${eventId}/registrations`, {
      method: 'POST',
      json: aRegistration(n),
    });
    expect(registered.status).toBe(201);
  }
  const submitted = await api.request(`/api/events/${eventId}/talks`, {
    method: 'POST',
    json: aTalk(1),
  });
  expect(submitted.status).toBe(201);
});

describe('refusing bad input', () => {
  const cases = [...malformedBodies, ...badFields, ...badQueries, ...badPaths, ...oddManageIds];
  for (const { name, send, status, code, field } of cases) {
    it(`answers ${name} with a ${status} problem and writes nothing`, async () => {
      const before = await snapshot(eventId);

      const response = await send(eventId);

      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = await readJson<ProblemBody>(response);
      expect(body).toEqual(
        expect.objectContaining({
          type: expect.stringMatching(/^https:\/\//) as unknown,
          title: expect.any(String) as unknown,
          status,
          detail: expect.any(String) as unknown,
          code: code ?? (expect.stringMatching(/^[a-z]+(-[a-z]+)*$/) as unknown),
        }),
      );
      if (field !== undefined) {
        expect(body.errors?.map((error) => error.field)).toContain(field);
      }
      expect(await snapshot(eventId)).toEqual(before);
    });
  }
});

describe('text that looks like markup', () => {
  const hostile = '<script>alert("x")</script> 山田🎤 <img src=x onerror=alert(1)>';
  /** A trailing space, a tab, a line break, a ZWJ emoji, a decomposed kana, an entity, quotes. */
  const tricky = ' 前後\tタブ\n改行 👩‍💻 か\u3099 &amp; \'"\\ ';
  /** At most 100 characters, the shortest limit of the fields below, for a label of 7. */
  const text = (label: string) => `${hostile} ${label}${tricky}`;

  it('keeps every text field of an event byte-for-byte', async () => {
    const input = anEvent({
      title: text('title'),
      description: text('desc'),
      venue: { name: text('venue'), address: text('address') },
    });
    const expected = {
      title: input.title,
      description: input.description,
      venue: { name: text('venue'), address: text('address') },
    };

    const created = await api.request('/api/events', {
      method: 'POST',
      asOrganizer: true,
      json: input,
    });

    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toMatch(/^application\/json/);
    const { id } = await readJson<{ id: string }>(created);
    const publicPage = await api.request(`/api/events/${id}`);
    const organizerPage = await api.request(`/api/organizer/events/${id}`, { asOrganizer: true });
    expect(await readJson(publicPage)).toMatchObject(expected);
    expect(await readJson(organizerPage)).toMatchObject(expected);
    const list = await readJson<{ items: { id: string }[] }>(
      await api.request('/api/events?limit=50'),
    );
    expect(list.items.find((event) => event.id === id)).toMatchObject(expected);

    const patched = await api.request(`/api/events/${id}`, {
      method: 'PATCH',
      asOrganizer: true,
      json: { title: text('patched') },
    });
    expect(await readJson(patched)).toMatchObject({ title: text('patched') });
  });

  it('keeps the name of a registration byte-for-byte', async () => {
    const created = await api.request(`/api/events/${eventId}/registrations`, {
      method: 'POST',
      json: aRegistration(2000, { name: text('name'), attendance: 'online' }),
    });

    expect(created.status).toBe(201);
    const { registration, manageToken } = await readJson<{
      registration: { id: string; name: string };
      manageToken: string;
    }>(created);
    expect(registration.name).toBe(text('name'));
    const path = `/api/events/${eventId}/registrations/${registration.id}`;
    expect(await readJson(await api.request(path, { manageToken }))).toMatchObject({
      name: text('name'),
    });
    const listed = await readJson<{ items: { id: string; name: string }[] }>(
      await api.request(`/api/events/${eventId}/registrations?limit=50`, { asOrganizer: true }),
    );
    expect(listed.items.find((r) => r.id === registration.id)?.name).toBe(text('name'));

    const renamed = await api.request(path, {
      method: 'PATCH',
      manageToken,
      json: { name: text('renamed') },
    });
    expect(await readJson(renamed)).toMatchObject({ name: text('renamed') });
  });

  it('keeps every text field of a talk byte-for-byte, on the public page too', async () => {
    const input = aTalk(2000, {
      title: text('title'),
      abstract: text('abstract'),
      speakerName: text('speaker'),
    });
    const expected = {
      title: input.title,
      abstract: input.abstract,
      speakerName: input.speakerName,
    };

    const created = await api.request(`/api/events/${eventId}/talks`, {
      method: 'POST',
      json: input,
    });

    expect(created.status).toBe(201);
    const { talk, manageToken } = await readJson<{ talk: { id: string }; manageToken: string }>(
      created,
    );
    expect(talk).toMatchObject(expected);
    const path = `/api/events/${eventId}/talks/${talk.id}`;
    expect(await readJson(await api.request(path, { manageToken }))).toMatchObject(expected);
    const accepted = await api.request(`${path}/review`, {
      method: 'POST',
      asOrganizer: true,
      json: { decision: 'accepted' },
    });
    expect(accepted.status).toBe(200);
    const page = await readJson<{ talks: { id: string }[] }>(
      await api.request(`/api/events/${eventId}`),
    );
    expect(page.talks.find((t) => t.id === talk.id)).toMatchObject(expected);

    const edited = await api.request(path, {
      method: 'PATCH',
      manageToken,
      json: { title: text('edited'), abstract: text('summary') },
    });
    expect(await readJson(edited)).toMatchObject({
      title: text('edited'),
      abstract: text('summary'),
    });
  });
});
