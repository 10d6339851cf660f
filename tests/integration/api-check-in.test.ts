import { beforeAll, describe, expect, it } from 'vitest';

import { aRegistration } from '../support/fixtures.js';
import { brokenInvariants, readEventPartition } from '../support/invariants.js';
import { createTestApi, readJson, type TestApi } from '../support/api.js';

interface RegistrationBody {
  id: string;
  eventId: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  attendance: 'onsite' | 'online';
  checkedInAt?: string;
}

interface NewRegistrationBody {
  registration: RegistrationBody;
  manageToken: string;
}

let api: TestApi;
let nextPerson = 0;

beforeAll(async () => {
  api = await createTestApi();
});

async function registered(eventId: string, overrides: Parameters<typeof aRegistration>[1] = {}) {
  nextPerson += 1;
  const response = await api.request(`/api/events/${eventId}/registrations`, {
    method: 'POST',
    json: aRegistration(nextPerson, overrides),
  });
  expect(response.status).toBe(201);
  return readJson<NewRegistrationBody>(response);
}

function checkInPath(eventId: string, registrationId: string) {
  return `/api/organizer/events/${eventId}/registrations/${registrationId}/check-in`;
}

function checkIn(eventId: string, registrationId: string, method = 'POST') {
  return api.request(checkInPath(eventId, registrationId), { method, asOrganizer: true });
}

async function checkedInCount(eventId: string): Promise<number> {
  const response = await api.request(`/api/organizer/events/${eventId}`, { asOrganizer: true });
  return (await readJson<{ checkedInCount: number }>(response)).checkedInCount;
}

async function changeStatus(eventId: string, status: string) {
  const response = await api.request(`/api/events/${eventId}/status`, {
    method: 'POST',
    json: { status },
    asOrganizer: true,
  });
  expect(response.status).toBe(200);
}

/** The invariants of the event's stored items, the checked-in count among them. */
async function invariantsOf(eventId: string): Promise<string[]> {
  const { store, tableName } = api.table;
  return brokenInvariants(await readEventPartition(store.client, tableName, eventId));
}

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const body = await readJson<{ code: string; detail: string; errors?: unknown[] }>(response);
  expect(body.code).toBe(code);
  return body;
}

describe('checking a participant in at the door', () => {
  it('checks a confirmed onsite registration in and counts it on the event', async () => {
    const event = await api.createEvent();
    const { registration } = await registered(event.id);

    const response = await checkIn(event.id, registration.id);

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await readJson<RegistrationBody>(response);
    expect(body).toMatchObject({ id: registration.id, status: 'confirmed' });
    expect(Date.parse(body.checkedInAt ?? '')).not.toBeNaN();
    expect(await checkedInCount(event.id)).toBe(1);
  });

  it('answers a repeated check-in with the first one, counting the person once', async () => {
    const event = await api.createEvent();
    const { registration } = await registered(event.id);

    const first = await readJson<RegistrationBody>(await checkIn(event.id, registration.id));
    const again = await checkIn(event.id, registration.id);

    expect(again.status).toBe(200);
    expect((await readJson<RegistrationBody>(again)).checkedInAt).toBe(first.checkedInAt);
    expect(await checkedInCount(event.id)).toBe(1);
  });

  it('counts each person once when the same check-in arrives many times at once', async () => {
    const event = await api.createEvent();
    const people = await Promise.all([1, 2, 3].map(() => registered(event.id)));

    const responses = await Promise.all(
      people.flatMap(({ registration }) =>
        Array.from({ length: 4 }, () => checkIn(event.id, registration.id)),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(12).fill(200));
    expect(await checkedInCount(event.id)).toBe(3);
    expect(await invariantsOf(event.id)).toEqual([]);
  });

  it('takes a check-in back, and answers a second undo with the registration as it is', async () => {
    const event = await api.createEvent();
    const { registration } = await registered(event.id);
    await checkIn(event.id, registration.id);

    const undone = await checkIn(event.id, registration.id, 'DELETE');
    const again = await checkIn(event.id, registration.id, 'DELETE');

    expect(undone.status).toBe(200);
    expect(await readJson(undone)).not.toHaveProperty('checkedInAt');
    expect(again.status).toBe(200);
    expect(await checkedInCount(event.id)).toBe(0);
  });

  it('refuses a waitlisted registration with 409 naming the reason', async () => {
    const event = await api.createEvent({ onsiteCapacity: 1 });
    await registered(event.id);
    const { registration } = await registered(event.id);

    const body = await expectProblem(
      await checkIn(event.id, registration.id),
      409,
      'registration-waitlisted',
    );

    expect(body.detail).toContain('only confirmed registrations can be checked in');
    expect(body.errors).toEqual([expect.objectContaining({ field: 'registrationId' })]);
    expect(await checkedInCount(event.id)).toBe(0);
  });

  it('refuses an online registration with 409: there is no door online', async () => {
    const event = await api.createEvent();
    const { registration } = await registered(event.id, { attendance: 'online' });

    const body = await expectProblem(
      await checkIn(event.id, registration.id),
      409,
      'attendance-online',
    );

    expect(body.detail).toContain('only onsite registrations can be checked in');
  });

  it('refuses a cancelled registration with 409', async () => {
    const event = await api.createEvent();
    const entry = await registered(event.id);
    await api.request(`/api/events/${event.id}/registrations/${entry.registration.id}/cancel`, {
      method: 'POST',
      manageToken: entry.manageToken,
    });

    await expectProblem(
      await checkIn(event.id, entry.registration.id),
      409,
      'registration-cancelled',
    );
  });

  it('takes a cancelled seat out of the checked-in count', async () => {
    const event = await api.createEvent();
    const entry = await registered(event.id);
    await checkIn(event.id, entry.registration.id);

    const cancelled = await api.request(
      `/api/events/${event.id}/registrations/${entry.registration.id}/cancel`,
      { method: 'POST', manageToken: entry.manageToken },
    );

    expect(cancelled.status).toBe(200);
    expect(await readJson(cancelled)).not.toHaveProperty('checkedInAt');
    expect(await checkedInCount(event.id)).toBe(0);
    expect(await invariantsOf(event.id)).toEqual([]);
  });

  it('keeps the count exact when check-ins and cancellations of the same people race', async () => {
    const event = await api.createEvent();
    const people = await Promise.all(Array.from({ length: 8 }, () => registered(event.id)));

    const responses = await Promise.all(
      people.flatMap((entry) => [
        checkIn(event.id, entry.registration.id),
        api.request(`/api/events/${event.id}/registrations/${entry.registration.id}/cancel`, {
          method: 'POST',
          manageToken: entry.manageToken,
        }),
      ]),
    );

    for (const response of responses) expect([200, 409]).toContain(response.status);
    expect(await checkedInCount(event.id)).toBe(0);
    expect(await invariantsOf(event.id)).toEqual([]);
  });

  it('refuses check-ins of a completed event with 409 event-closed', async () => {
    const event = await api.createEvent();
    const { registration } = await registered(event.id);
    await changeStatus(event.id, 'ongoing');
    await changeStatus(event.id, 'completed');

    await expectProblem(await checkIn(event.id, registration.id), 409, 'event-closed');
    await expectProblem(await checkIn(event.id, registration.id, 'DELETE'), 409, 'event-closed');
  });

  it('answers 404 for a registration or an event that does not exist', async () => {
    const event = await api.createEvent();

    await expectProblem(await checkIn(event.id, '01NOSUCHREGISTRATION000000'), 404, 'not-found');
    await expectProblem(
      await checkIn('01NOSUCHEVENT00000000000000', '01NOSUCHREGISTRATION000000'),
      404,
      'not-found',
    );
    await expectProblem(
      await checkIn(event.id, '01NOSUCHREGISTRATION000000', 'DELETE'),
      404,
      'not-found',
    );
  });

  it('answers 400 naming the field for a registration id that cannot be one', async () => {
    const event = await api.createEvent();

    const body = await expectProblem(await checkIn(event.id, 'bad-id!'), 400, 'validation-failed');

    expect(body.errors).toEqual([expect.objectContaining({ field: 'registrationId' })]);
  });

  it('lets only organizers check people in', async () => {
    const event = await api.createEvent();
    const { registration } = await registered(event.id);

    const anonymous = await api.request(checkInPath(event.id, registration.id), {
      method: 'POST',
    });

    await expectProblem(anonymous, 401, 'unauthenticated');
    expect(await checkedInCount(event.id)).toBe(0);
  });
});
