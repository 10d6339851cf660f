import { beforeAll, describe, expect, it } from 'vitest';

import { anEvent } from '../support/fixtures.js';
import { createTestApi, readJson, type TestApi } from '../support/api.js';

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi();
});

function createEvent(overrides: Parameters<typeof anEvent>[0] = {}) {
  return api.createEvent<{ id: string; updatedAt: string }>(overrides);
}

describe('events', () => {
  it('lets an organizer create an event that the public then sees with its seats', async () => {
    const created = await createEvent({
      onsiteCapacity: 25,
      title: 'LT Night <script>alert(1)</script> 🎤',
    });

    const response = await api.request(`/api/events/${created.id}`);
    const body = await readJson(response);

    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      id: created.id,
      title: 'LT Night <script>alert(1)</script> 🎤',
      seatsLeft: 25,
      waitlistLength: 0,
      status: 'upcoming',
      talkLimit: 20,
      talkMinutes: 5,
      talks: [],
    });
    expect(body).not.toHaveProperty('onlineUrl');
  });

  it('lists upcoming events soonest first, page by page', async () => {
    const day = 24 * 3600 * 1000;
    const base = Date.now() + 60 * day;
    for (const offset of [3, 1, 2]) {
      await createEvent({
        title: `Paged ${offset}`,
        startsAt: new Date(base + offset * day).toISOString(),
        endsAt: new Date(base + offset * day + 3600_000).toISOString(),
      });
    }

    const titles: string[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({
        limit: '2',
        ...(cursor === undefined ? {} : { cursor }),
      });
      const page = await readJson<{ items: { title: string }[]; nextCursor?: string }>(
        await api.request(`/api/events?${query.toString()}`),
      );
      titles.push(...page.items.map((event) => event.title));
      cursor = page.nextCursor;
    } while (cursor !== undefined);

    const paged = titles.filter((title) => title.startsWith('Paged'));
    expect(paged).toEqual(['Paged 1', 'Paged 2', 'Paged 3']);
  });

  it('refuses a cursor that was not made for the list', async () => {
    const forged = Buffer.from(JSON.stringify({ pk: 'EVENT#x', sk: 'EVENT' })).toString(
      'base64url',
    );

    const response = await api.request(`/api/events?cursor=${forged}`);

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await readJson(response)).toMatchObject({ errors: [{ field: 'cursor' }] });
  });

  it('refuses a cursor of the past list on the upcoming list', async () => {
    const day = 24 * 3600 * 1000;
    for (const offset of [-3, -2, -1]) {
      await createEvent({
        startsAt: new Date(Date.now() + offset * day).toISOString(),
        endsAt: new Date(Date.now() + offset * day + 3600_000).toISOString(),
      });
    }
    const past = await readJson<{ nextCursor: string }>(
      await api.request('/api/events?when=past&limit=1'),
    );

    const upcoming = await api.request(
      `/api/events?when=upcoming&cursor=${encodeURIComponent(past.nextCursor)}`,
    );

    expect(upcoming.status).toBe(400);
  });

  it.each([
    ['padding', (cursor: string) => `${cursor}=`],
    ['a trailing space', (cursor: string) => `${cursor} `],
    [
      'the standard base64 encoding',
      (cursor: string) => {
        const dot = cursor.lastIndexOf('.');
        const signature = Buffer.from(cursor.slice(dot + 1), 'base64url').toString('base64');
        return `${cursor.slice(0, dot)}.${signature}`;
      },
    ],
    ['characters after the signature', (cursor: string) => `${cursor}!!`],
  ])('refuses a cursor whose signature carries %s', async (_, change) => {
    for (let index = 0; index < 3; index += 1) await createEvent();
    const page = await readJson<{ nextCursor: string }>(await api.request('/api/events?limit=1'));
    const changed = change(page.nextCursor);

    const response = await api.request(`/api/events?cursor=${encodeURIComponent(changed)}`);

    expect(changed).not.toBe(page.nextCursor);
    expect(response.status).toBe(400);
  });

  // Signed cursors never reach the data layer unless this API made them; the data layer checks
  // the keys inside them again, in case a signing key ever leaks.
  it.each([
    ['no sort key', { pk: 'EVENT#x', gsi1pk: 'EVENTS' }],
    ['an empty key value', { pk: 'EVENT#x', sk: '', gsi1pk: 'EVENTS', gsi1sk: 'a' }],
    ['an extra attribute', { pk: 'EVENT#x', sk: 'EVENT', gsi1pk: 'EVENTS', gsi1sk: 'a', x: 'y' }],
    ['a number for a key', { pk: 'EVENT#x', sk: 'EVENT', gsi1pk: 'EVENTS', gsi1sk: 1 }],
  ])('the event list refuses a cursor with %s', async (_, key) => {
    const cursor = Buffer.from(JSON.stringify(key)).toString('base64url');
    const { events } = api.table.repositories;

    await expect(events.list('upcoming', 10, cursor)).rejects.toThrow(/cursor is not valid/);
    await expect(events.list('past', 10, cursor)).rejects.toThrow(/cursor is not valid/);
  });

  it('the event list never fails on a well-formed cursor at any position', async () => {
    const positions = ['0', '9999', new Date().toISOString(), 'zzz'];
    const { events } = api.table.repositories;

    const outcomes = await Promise.allSettled(
      positions.flatMap((gsi1sk) => {
        const key = { pk: 'EVENT#x', sk: 'EVENT', gsi1pk: 'EVENTS', gsi1sk };
        const cursor = Buffer.from(JSON.stringify(key)).toString('base64url');
        return [events.list('upcoming', 10, cursor), events.list('past', 10, cursor)];
      }),
    );

    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        expect(String(outcome.reason)).toMatch(/cursor is not valid/);
      }
    }
  });

  it('refuses a registration-list cursor that points outside the registrations', async () => {
    const event = await createEvent();
    const cursor = Buffer.from(JSON.stringify({ pk: `EVENT#${event.id}`, sk: 'EVENT' })).toString(
      'base64url',
    );

    const response = await api.request(`/api/events/${event.id}/registrations?cursor=${cursor}`, {
      asOrganizer: true,
    });

    expect(response.status).toBe(400);
    expect(await readJson(response)).toMatchObject({ errors: [{ field: 'cursor' }] });
  });

  it('refuses an event that ends before it starts and stores nothing', async () => {
    const before = await readJson<{ items: unknown[] }>(await api.request('/api/events?limit=50'));

    const response = await api.request('/api/events', {
      method: 'POST',
      asOrganizer: true,
      json: anEvent({ startsAt: '2027-01-10T19:00:00+09:00', endsAt: '2027-01-10T18:00:00+09:00' }),
    });

    expect(response.status).toBe(422);
    expect(await readJson(response)).toMatchObject({
      code: 'end-before-start',
      errors: [{ field: 'endsAt' }],
    });
    const after = await readJson<{ items: unknown[] }>(await api.request('/api/events?limit=50'));
    expect(after.items).toHaveLength(before.items.length);
  });

  it('moves an event along its allowed statuses only', async () => {
    const event = await createEvent();
    const move = (status: string) =>
      api.request(`/api/events/${event.id}/status`, {
        method: 'POST',
        asOrganizer: true,
        json: { status },
      });

    expect((await move('completed')).status).toBe(422);
    const ongoing = await move('ongoing');
    expect(ongoing.status).toBe(200);
    expect(await readJson(ongoing)).toMatchObject({ nextStatuses: ['completed', 'cancelled'] });
    expect((await move('upcoming')).status).toBe(422);
    expect((await move('completed')).status).toBe(200);
    const refused = await move('cancelled');
    expect(refused.status).toBe(422);
    expect(await readJson(refused)).toMatchObject({
      code: 'invalid-status-transition',
      errors: [{ field: 'status' }],
    });
  });

  it('refuses to lower the capacity below the confirmed registrations', async () => {
    const event = await createEvent({ onsiteCapacity: 2 });
    for (const n of [1, 2]) {
      await api.request(`/api/events/${event.id}/registrations`, {
        method: 'POST',
        json: { name: `P${n}`, email: `cap${n}@example.com`, attendance: 'onsite' },
      });
    }

    const response = await api.request(`/api/events/${event.id}`, {
      method: 'PATCH',
      asOrganizer: true,
      json: { onsiteCapacity: 1 },
    });

    expect(response.status).toBe(422);
    expect(await readJson(response)).toMatchObject({
      code: 'capacity-below-confirmed',
      errors: [{ field: 'onsiteCapacity' }],
    });
  });

  it('gives new seats to the waitlist in order when the capacity rises', async () => {
    const event = await createEvent({ onsiteCapacity: 1 });
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const created = await readJson<{ registration: { id: string } }>(
        await api.request(`/api/events/${event.id}/registrations`, {
          method: 'POST',
          json: { name: `P${n}`, email: `rise${n}@example.com`, attendance: 'onsite' },
        }),
      );
      ids.push(created.registration.id);
    }

    const response = await api.request(`/api/events/${event.id}`, {
      method: 'PATCH',
      asOrganizer: true,
      json: { onsiteCapacity: 2 },
    });

    expect(await readJson(response)).toMatchObject({
      seatsLeft: 0,
      waitlistLength: 1,
      confirmedOnsite: 2,
    });
    expect(await api.table.repositories.registrations.waitlist(event.id)).toEqual([ids[2]]);
  });

  it('answers an unknown event with a 404 problem', async () => {
    const response = await api.request('/api/events/01NOSUCHEVENT00000000000000');

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
