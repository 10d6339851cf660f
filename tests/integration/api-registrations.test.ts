import { beforeAll, describe, expect, it } from 'vitest';

import { aRegistration, aTalk, anEvent } from '../support/fixtures.js';
import { createTestApi, readJson, type TestApi } from '../support/api.js';

interface RegistrationBody {
  id: string;
  eventId: string;
  name: string;
  email: string;
  attendance: 'onsite' | 'online';
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  createdAt: string;
  promotedAt?: string;
  cancelledAt?: string;
  waitlistPosition?: number;
  onlineUrl?: string;
}

interface NewRegistrationBody {
  registration: RegistrationBody;
  manageToken: string;
}

interface OrganizerEventBody {
  id: string;
  seatsLeft: number;
  waitlistLength: number;
  confirmedOnsite: number;
  onlineCount: number;
}

let api: TestApi;
let nextPerson = 0;

beforeAll(async () => {
  api = await createTestApi();
});

function createEvent(overrides: Parameters<typeof anEvent>[0] = {}) {
  return api.createEvent<OrganizerEventBody>(overrides);
}

function register(eventId: string, input: unknown) {
  return api.request(`/api/events/${eventId}/registrations`, { method: 'POST', json: input });
}

/** Registers a new person (unique e-mail per call) and expects it to succeed. */
async function registered(eventId: string, overrides: Parameters<typeof aRegistration>[1] = {}) {
  nextPerson += 1;
  const response = await register(eventId, aRegistration(nextPerson, overrides));
  expect(response.status).toBe(201);
  return readJson<NewRegistrationBody>(response);
}

function manage(
  { registration, manageToken }: NewRegistrationBody,
  init: { method?: string; json?: unknown; token?: string; action?: string } = {},
) {
  const path = `/api/events/${registration.eventId}/registrations/${registration.id}`;
  return api.request(init.action === undefined ? path : `${path}/${init.action}`, {
    method: init.method ?? 'GET',
    manageToken: init.token ?? manageToken,
    ...(init.json === undefined ? {} : { json: init.json }),
  });
}

async function ownerView(entry: NewRegistrationBody) {
  const response = await manage(entry);
  expect(response.status).toBe(200);
  return readJson<RegistrationBody>(response);
}

async function cancel(entry: NewRegistrationBody) {
  const response = await manage(entry, { method: 'POST', action: 'cancel' });
  expect(response.status).toBe(200);
  return readJson<RegistrationBody>(response);
}

async function organizerEvent(eventId: string) {
  const response = await api.request(`/api/organizer/events/${eventId}`, { asOrganizer: true });
  expect(response.status).toBe(200);
  return readJson<OrganizerEventBody>(response);
}

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const body = await readJson<{ status: number; code: string; errors?: { field: string }[] }>(
    response,
  );
  expect(body).toMatchObject({ status, code });
  return body;
}

describe('registering', () => {
  it('confirms an onsite registration while seats are free and hands out a private link', async () => {
    const event = await createEvent({ onsiteCapacity: 2 });

    const response = await register(event.id, {
      name: '山田 太郎',
      email: 'taro@example.com',
      attendance: 'onsite',
    });

    expect(response.status).toBe(201);
    const body = await readJson<NewRegistrationBody>(response);
    expect(body.registration).toMatchObject({
      eventId: event.id,
      name: '山田 太郎',
      email: 'taro@example.com',
      attendance: 'onsite',
      status: 'confirmed',
    });
    expect(body.registration).not.toHaveProperty('waitlistPosition');
    expect(body.manageToken.length).toBeGreaterThanOrEqual(32);
    expect(await organizerEvent(event.id)).toMatchObject({ seatsLeft: 1, confirmedOnsite: 1 });
  });

  it('waitlists onsite registrations once the seats are taken, numbering them 1, 2, …', async () => {
    const event = await createEvent({ onsiteCapacity: 1 });
    await registered(event.id);

    const first = await registered(event.id);
    const second = await registered(event.id);

    expect(first.registration).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(second.registration).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    expect(await organizerEvent(event.id)).toMatchObject({
      seatsLeft: 0,
      waitlistLength: 2,
      confirmedOnsite: 1,
    });
  });

  it('confirms online attendance even when the onsite seats are taken, counting it apart', async () => {
    const event = await createEvent({ onsiteCapacity: 1 });
    await registered(event.id);

    const online = await registered(event.id, { attendance: 'online' });

    expect(online.registration).toMatchObject({ attendance: 'online', status: 'confirmed' });
    expect(await organizerEvent(event.id)).toMatchObject({
      seatsLeft: 0,
      waitlistLength: 0,
      confirmedOnsite: 1,
      onlineCount: 1,
    });
  });

  it('refuses the same e-mail twice, whatever its letter case, and leaves the first untouched', async () => {
    const event = await createEvent();
    const first = await registered(event.id, { name: '最初の人', email: 'Twice@Example.com' });

    const same = await register(event.id, aRegistration(900, { email: 'Twice@Example.com' }));
    const otherCase = await register(
      event.id,
      aRegistration(901, { email: 'twice@EXAMPLE.COM', attendance: 'online' }),
    );

    const sameBody = await expectProblem(same, 409, 'already-registered');
    expect(sameBody.errors).toEqual([expect.objectContaining({ field: 'email' })]);
    const otherCaseBody = await expectProblem(otherCase, 409, 'already-registered');
    expect(otherCaseBody.errors).toEqual([expect.objectContaining({ field: 'email' })]);
    expect(await ownerView(first)).toMatchObject({
      id: first.registration.id,
      name: '最初の人',
      email: 'Twice@Example.com',
      attendance: 'onsite',
      status: 'confirmed',
    });
    expect(await organizerEvent(event.id)).toMatchObject({ confirmedOnsite: 1, onlineCount: 0 });
  });

  it('refuses onsite attendance at an online-only event', async () => {
    const event = await createEvent({ format: 'online', onsiteCapacity: 0, venue: undefined });

    const response = await register(event.id, aRegistration(902, { attendance: 'onsite' }));

    const body = await expectProblem(response, 422, 'attendance-not-offered');
    expect(body.errors).toEqual([expect.objectContaining({ field: 'attendance' })]);
    expect(await organizerEvent(event.id)).toMatchObject({ confirmedOnsite: 0, waitlistLength: 0 });
  });

  it('refuses registrations once the organizer closes registration', async () => {
    const event = await createEvent();
    const closed = await api.request(`/api/events/${event.id}`, {
      method: 'PATCH',
      asOrganizer: true,
      json: { registrationOpen: false },
    });
    expect(closed.status).toBe(200);

    const onsite = await register(event.id, aRegistration(903));
    const online = await register(event.id, aRegistration(904, { attendance: 'online' }));

    await expectProblem(onsite, 409, 'registration-closed');
    await expectProblem(online, 409, 'registration-closed');
    expect(await organizerEvent(event.id)).toMatchObject({ confirmedOnsite: 0, onlineCount: 0 });
  });

  it('answers 404 for an event that does not exist', async () => {
    const response = await register('01NOSUCHEVENT00000000000000', aRegistration(905));

    await expectProblem(response, 404, 'not-found');
  });
});

describe('the private manage link', () => {
  it('shows the registration with its e-mail to whoever holds its token', async () => {
    const event = await createEvent();
    const entry = await registered(event.id, { name: 'リンク太郎', email: 'link@example.com' });

    const view = await ownerView(entry);

    expect(view).toMatchObject({
      id: entry.registration.id,
      eventId: event.id,
      name: 'リンク太郎',
      email: 'link@example.com',
      status: 'confirmed',
      onlineUrl: 'https://meet.example.com/lt-night',
    });
  });

  it('shows the online link only once the seat is confirmed', async () => {
    const event = await createEvent({ onsiteCapacity: 1 });
    const seated = await registered(event.id);
    const waiting = await registered(event.id);

    const beforePromotion = await ownerView(waiting);
    await cancel(seated);
    const afterPromotion = await ownerView(waiting);

    expect(beforePromotion.status).toBe('waitlisted');
    expect(beforePromotion).not.toHaveProperty('onlineUrl');
    expect(afterPromotion).toMatchObject({
      status: 'confirmed',
      onlineUrl: 'https://meet.example.com/lt-night',
    });
  });

  it("refuses another registration's token with 403", async () => {
    const event = await createEvent();
    const mine = await registered(event.id);
    const theirs = await registered(event.id);

    const read = await manage(mine, { token: theirs.manageToken });
    const rename = await manage(mine, {
      method: 'PATCH',
      token: theirs.manageToken,
      json: { name: '乗っ取り' },
    });
    const cancelled = await manage(mine, {
      method: 'POST',
      action: 'cancel',
      token: theirs.manageToken,
    });

    await expectProblem(read, 403, 'forbidden');
    await expectProblem(rename, 403, 'forbidden');
    await expectProblem(cancelled, 403, 'forbidden');
    expect(await ownerView(mine)).toMatchObject({
      name: mine.registration.name,
      status: 'confirmed',
    });
  });

  it('answers 400 when the token header is missing', async () => {
    const event = await createEvent();
    const entry = await registered(event.id);

    const response = await api.request(
      `/api/events/${event.id}/registrations/${entry.registration.id}`,
    );

    const body = await expectProblem(response, 400, 'validation-failed');
    expect(body.errors?.[0]?.field).toMatch(/x-manage-token/i);
  });

  it('lets the owner change the name', async () => {
    const event = await createEvent();
    const entry = await registered(event.id, { name: '旧姓' });

    const response = await manage(entry, { method: 'PATCH', json: { name: '新しい名前 🎤' } });

    expect(response.status).toBe(200);
    expect(await readJson(response)).toMatchObject({
      id: entry.registration.id,
      name: '新しい名前 🎤',
    });
    expect(await ownerView(entry)).toMatchObject({ name: '新しい名前 🎤', status: 'confirmed' });
  });

  it('cancels, and answers a second cancel with the same cancelled registration', async () => {
    const event = await createEvent();
    const entry = await registered(event.id);

    const first = await cancel(entry);
    const second = await cancel(entry);

    expect(first).toMatchObject({ id: entry.registration.id, status: 'cancelled' });
    expect(first.cancelledAt).toEqual(expect.any(String));
    expect(second).toEqual(first);
    expect(await organizerEvent(event.id)).toMatchObject({ confirmedOnsite: 0 });
  });

  it('gives back the online place when an online registration is cancelled', async () => {
    const event = await createEvent();
    const entry = await registered(event.id, { attendance: 'online' });

    const cancelled = await cancel(entry);

    expect(cancelled).toMatchObject({ attendance: 'online', status: 'cancelled' });
    expect(cancelled).not.toHaveProperty('onlineUrl');
    expect(await organizerEvent(event.id)).toMatchObject({ onlineCount: 0, confirmedOnsite: 0 });
  });

  it('lets the same e-mail register again after cancelling', async () => {
    const event = await createEvent();
    const entry = await registered(event.id, { email: 'again@example.com' });
    await cancel(entry);

    const response = await register(event.id, aRegistration(906, { email: 'again@example.com' }));

    expect(response.status).toBe(201);
    const again = await readJson<NewRegistrationBody>(response);
    expect(again.registration.id).not.toBe(entry.registration.id);
    expect(again.registration.status).toBe('confirmed');
    expect(await organizerEvent(event.id)).toMatchObject({ confirmedOnsite: 1 });
  });
});

describe('the waitlist', () => {
  it('promotes the head of the waitlist when a confirmed seat is cancelled', async () => {
    const event = await createEvent({ onsiteCapacity: 1 });
    const seated = await registered(event.id);
    const head = await registered(event.id);
    const second = await registered(event.id);
    const third = await registered(event.id);

    await cancel(seated);

    const promoted = await ownerView(head);
    expect(promoted).toMatchObject({ status: 'confirmed' });
    expect(promoted.promotedAt).toEqual(expect.any(String));
    expect(promoted).not.toHaveProperty('waitlistPosition');
    expect(await ownerView(second)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(await ownerView(third)).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    expect(await organizerEvent(event.id)).toMatchObject({
      seatsLeft: 0,
      waitlistLength: 2,
      confirmedOnsite: 1,
    });
  });

  it('shortens the waitlist without promoting anybody when a waitlisted one cancels', async () => {
    const event = await createEvent({ onsiteCapacity: 1 });
    const seated = await registered(event.id);
    const head = await registered(event.id);
    const second = await registered(event.id);

    await cancel(head);

    expect(await ownerView(seated)).toMatchObject({ status: 'confirmed' });
    const moved = await ownerView(second);
    expect(moved).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(moved).not.toHaveProperty('promotedAt');
    expect(await organizerEvent(event.id)).toMatchObject({
      seatsLeft: 0,
      waitlistLength: 1,
      confirmedOnsite: 1,
    });
  });
});

describe('privacy of public responses', () => {
  it('never shows an e-mail address or a manage token on the public event pages', async () => {
    const event = await createEvent({ onsiteCapacity: 1 });
    const people = [
      await registered(event.id, { email: 'Private.Seat@example.com' }),
      await registered(event.id, { email: 'private.wait@example.com' }),
      await registered(event.id, { email: 'private.online@example.com', attendance: 'online' }),
    ];
    const submitted = await api.request(`/api/events/${event.id}/talks`, {
      method: 'POST',
      json: aTalk(1, { speakerEmail: 'private.speaker@example.com' }),
    });
    expect(submitted.status).toBe(201);
    const talk = await readJson<{ talk: { id: string }; manageToken: string }>(submitted);
    const accepted = await api.request(`/api/events/${event.id}/talks/${talk.talk.id}/review`, {
      method: 'POST',
      asOrganizer: true,
      json: { decision: 'accepted' },
    });
    expect(accepted.status).toBe(200);
    const secrets = [
      ...people.flatMap((p) => [p.registration.email, p.manageToken]),
      'private.speaker@example.com',
      talk.manageToken,
    ];

    const list = await api.request('/api/events?limit=50');
    const detail = await api.request(`/api/events/${event.id}`);

    expect(list.status).toBe(200);
    expect(detail.status).toBe(200);
    const listText = await list.text();
    const detailText = await detail.text();
    expect(listText).toContain(event.id);
    expect(detailText).toContain(talk.talk.id);
    for (const text of [listText, detailText]) {
      for (const secret of secrets) {
        expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
      }
      expect(text).not.toContain('@example.com');
      expect(text).not.toMatch(/email|manageToken/i);
    }
  });
});

describe("the organizer's list of registrations", () => {
  it('lists the registrations in arrival order, page by page', async () => {
    const event = await createEvent({ onsiteCapacity: 2 });
    const arrived: string[] = [];
    for (const attendance of ['onsite', 'online', 'onsite', 'onsite', 'online'] as const) {
      arrived.push((await registered(event.id, { attendance })).registration.id);
    }

    const seen: RegistrationBody[] = [];
    const pageSizes: number[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({
        limit: '2',
        ...(cursor === undefined ? {} : { cursor }),
      });
      const response = await api.request(
        `/api/events/${event.id}/registrations?${query.toString()}`,
        { asOrganizer: true },
      );
      expect(response.status).toBe(200);
      const page = await readJson<{ items: RegistrationBody[]; nextCursor?: string }>(response);
      pageSizes.push(page.items.length);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== undefined && pageSizes.length < 10);

    expect(seen.map((r) => r.id)).toEqual(arrived);
    expect(pageSizes.slice(0, 3)).toEqual([2, 2, 1]);
    expect(seen.map((r) => r.status)).toEqual([
      'confirmed',
      'confirmed',
      'confirmed',
      'waitlisted',
      'confirmed',
    ]);
    expect(seen.every((r) => r.email.endsWith('@example.com'))).toBe(true);
  });
});

describe('a cancelled event', () => {
  it('keeps its registrations as they are', async () => {
    const event = await createEvent();
    const entry = await registered(event.id);
    await api.request(`/api/events/${event.id}/status`, {
      method: 'POST',
      asOrganizer: true,
      json: { status: 'cancelled' },
    });

    const rename = await manage(entry, { method: 'PATCH', json: { name: 'changed afterwards' } });
    const cancelled = await manage(entry, { method: 'POST', action: 'cancel' });

    await expectProblem(rename, 409, 'event-closed');
    await expectProblem(cancelled, 409, 'event-closed');
    expect(await ownerView(entry)).toMatchObject({
      status: 'confirmed',
      name: entry.registration.name,
    });
  });
});
