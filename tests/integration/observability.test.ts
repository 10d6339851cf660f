import { beforeAll, describe, expect, it } from 'vitest';

import { createTestApi, type TestApi } from '../support/api.js';
import { aRegistration, aTalk, anEvent } from '../support/fixtures.js';
import { CountingActivity, createTestTable } from '../support/table.js';

/** A fresh table that counts activity, with an event of `seats` and `people` registered in turn. */
async function eventWithRegistrations(seats: number, people: number) {
  const activity = new CountingActivity();
  const { repositories } = await createTestTable(undefined, { activity });
  const event = await repositories.events.create(anEvent({ onsiteCapacity: seats }));
  const created = [];
  for (let n = 0; n < people; n++)
    created.push(await repositories.registrations.register(event.id, aRegistration(n)));
  return { activity, repositories, event, created };
}

describe('activity counts for the dashboard', () => {
  it('counts confirmed and waitlisted registrations and submitted talks once each', async () => {
    const { activity, repositories, event } = await eventWithRegistrations(2, 5);

    await repositories.talks.submit(event.id, aTalk(1));
    await repositories.talks.submit(event.id, aTalk(2));

    expect(activity.of('RegistrationsConfirmed')).toBe(2);
    expect(activity.of('RegistrationsWaitlisted')).toBe(3);
    expect(activity.of('TalksSubmitted')).toBe(2);
    expect(activity.of('WaitlistPromotions')).toBe(0);
  });

  it('counts each waitlist promotion exactly once when cancellations and their retries race', async () => {
    const { activity, repositories, event, created } = await eventWithRegistrations(10, 20);
    const { registrations } = repositories;
    const confirmed = created.filter((entry) => entry.registration.status === 'confirmed');

    await Promise.all(
      confirmed
        .slice(0, 6)
        .flatMap(({ registration, manageToken }) => [
          registrations.cancel(event.id, registration.id, manageToken),
          registrations.cancel(event.id, registration.id, manageToken),
        ]),
    );

    expect(activity.of('WaitlistPromotions')).toBe(6);
    expect((await registrations.waitlist(event.id)).length).toBe(4);
  });

  it('counts the promotions that follow a raised capacity', async () => {
    const { activity, repositories, event } = await eventWithRegistrations(1, 4);

    await repositories.events.update(event.id, { onsiteCapacity: 3 });
    const promoted = await repositories.registrations.fillFreeSeats(event.id);

    expect(promoted).toBe(2);
    expect(activity.of('WaitlistPromotions')).toBe(2);
  });
});

describe('cache headers of the API', () => {
  let api: TestApi;
  let eventId: string;

  beforeAll(async () => {
    api = await createTestApi();
    eventId = (await api.createEvent()).id;
  });

  it('lets shared caches keep a public read for a few seconds', async () => {
    const list = await api.request('/api/events');
    const page = await api.request(`/api/events/${eventId}`);

    expect(list.headers.get('cache-control')).toBe('public, max-age=15');
    expect(page.headers.get('cache-control')).toBe('public, max-age=15');
  });

  it('never lets anything keep an answer to an organizer, a manage link, a change or an error', async () => {
    const registered = await api.request(`/api/events/${eventId}/registrations`, {
      method: 'POST',
      json: aRegistration(1),
    });
    const { registration, manageToken } = (await registered.json()) as {
      registration: { id: string };
      manageToken: string;
    };
    const asOrganizer = await api.request('/api/events', { asOrganizer: true });
    const managed = await api.request(`/api/events/${eventId}/registrations/${registration.id}`, {
      manageToken,
    });
    const missing = await api.request('/api/no-such-route');

    expect(registered.status).toBe(201);
    for (const response of [registered, asOrganizer, managed, missing]) {
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    expect(managed.status).toBe(200);
    expect(missing.status).toBe(404);
  });
});
