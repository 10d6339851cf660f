import type { Registration } from '@ltc/domain';
import { beforeAll, describe, expect, it } from 'vitest';

import { aRegistration, aTalk, anEvent } from '../support/fixtures.js';
import { createTestTable, type TestTable } from '../support/table.js';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
});

describe('registrations under concurrency', () => {
  it('confirms exactly the capacity and waitlists the rest when 300 people register at once', async () => {
    const { events, registrations } = table.repositories;
    const event = await events.create(anEvent({ onsiteCapacity: 50 }));

    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 300 }, (_, n) => registrations.register(event.id, aRegistration(n))),
    );
    const elapsed = Date.now() - started;

    const failures = results.filter((result) => result.status === 'rejected');
    expect(failures.map((failure) => String(failure.reason))).toEqual([]);
    const created = results.flatMap((result) =>
      result.status === 'fulfilled' ? [result.value.registration] : [],
    );
    expect(created.filter((r) => r.status === 'confirmed')).toHaveLength(50);
    expect(created.filter((r) => r.status === 'waitlisted')).toHaveLength(250);
    const stored = await events.get(event.id);
    expect(stored.counts).toMatchObject({ confirmedOnsite: 50, waitlisted: 250 });
    const all = await allRegistrations(event.id);
    expect(new Set(all.map((r) => r.email)).size).toBe(300);
    expect(all.filter((r) => r.status === 'confirmed')).toHaveLength(50);
    const waitlist = await registrations.waitlist(event.id);
    const waitlistedIds = all.filter((r) => r.status === 'waitlisted').map((r) => r.id);
    expect(waitlist).toEqual([...waitlistedIds].sort());
    console.info(`300 concurrent registrations for 50 seats: ${elapsed} ms`);
  });

  it('keeps one registration per e-mail when the same person registers many times at once', async () => {
    const { events, registrations } = table.repositories;
    const event = await events.create(anEvent({ onsiteCapacity: 5 }));

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, n) =>
        registrations.register(
          event.id,
          aRegistration(1, { email: n % 2 === 0 ? 'same@example.com' : 'SAME@example.com' }),
        ),
      ),
    );

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejections = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason as Error] : [],
    );
    expect(new Set(rejections.map((error) => error.message))).toEqual(
      new Set([
        'this e-mail address is already registered for this event; use the private link you received',
      ]),
    );
    expect((await events.get(event.id)).counts.confirmedOnsite).toBe(1);
  });

  it('gives each freed seat to exactly one waitlisted person, in waitlist order, when many cancel at once', async () => {
    const { events, registrations } = table.repositories;
    const event = await events.create(anEvent({ onsiteCapacity: 20 }));
    const created: { registration: Registration; manageToken: string }[] = [];
    for (let n = 0; n < 50; n++)
      created.push(await registrations.register(event.id, aRegistration(n)));
    const confirmed = created.filter((c) => c.registration.status === 'confirmed');
    const waitlistBefore = await registrations.waitlist(event.id);

    const cancelled = confirmed.slice(0, 15);
    const results = await Promise.allSettled(
      cancelled.flatMap(({ registration, manageToken }) => [
        registrations.cancel(event.id, registration.id, manageToken),
        // A retried request for the same cancellation must not free a second seat.
        registrations.cancel(event.id, registration.id, manageToken),
      ]),
    );

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const stored = await events.get(event.id);
    expect(stored.counts).toMatchObject({ confirmedOnsite: 20, waitlisted: 15 });
    const all = await allRegistrations(event.id);
    const promoted = all
      .filter((r) => r.promotedAt !== undefined)
      .map((r) => r.id)
      .sort();
    expect(promoted).toEqual(waitlistBefore.slice(0, 15).sort());
    expect(all.filter((r) => r.status === 'confirmed')).toHaveLength(20);
    expect(await registrations.waitlist(event.id)).toEqual(waitlistBefore.slice(15));
  });

  it('never overbooks when registrations and cancellations interleave', async () => {
    const { events, registrations } = table.repositories;
    const event = await events.create(anEvent({ onsiteCapacity: 10 }));
    const early: { registration: Registration; manageToken: string }[] = [];
    for (let n = 0; n < 15; n++)
      early.push(await registrations.register(event.id, aRegistration(1000 + n)));

    await Promise.all([
      ...early
        .slice(0, 8)
        .map(({ registration, manageToken }) =>
          registrations.cancel(event.id, registration.id, manageToken),
        ),
      ...Array.from({ length: 40 }, (_, n) =>
        registrations.register(event.id, aRegistration(2000 + n)),
      ),
    ]);

    const all = await allRegistrations(event.id);
    const confirmed = all.filter((r) => r.status === 'confirmed' && r.attendance === 'onsite');
    const waitlisted = all.filter((r) => r.status === 'waitlisted');
    const stored = await events.get(event.id);
    expect(confirmed).toHaveLength(10);
    expect(stored.counts).toMatchObject({ confirmedOnsite: 10, waitlisted: waitlisted.length });
    expect(await registrations.waitlist(event.id)).toEqual(waitlisted.map((r) => r.id).sort());
  });
});

describe('talk acceptance under concurrency', () => {
  it('never accepts more talks than the talk limit however many organizers click at once', async () => {
    const { events, talks } = table.repositories;
    const event = await events.create(anEvent({ talkLimit: 5 }));
    const submitted = await Promise.all(
      Array.from({ length: 12 }, (_, n) => talks.submit(event.id, aTalk(n))),
    );

    const results = await Promise.allSettled(
      submitted.flatMap(({ talk }) => [
        talks.review(event.id, talk.id, 'accepted'),
        talks.review(event.id, talk.id, 'accepted'),
      ]),
    );

    const all = await talks.listForEvent(event.id);
    expect(all.filter((talk) => talk.status === 'accepted')).toHaveLength(5);
    expect((await events.get(event.id)).counts.acceptedTalks).toBe(5);
    const reasons = results.flatMap((result) =>
      result.status === 'rejected' ? [(result.reason as Error).message] : [],
    );
    expect(reasons.every((reason) => /talk limit|already accepted/.test(reason))).toBe(true);
  });
});

async function allRegistrations(eventId: string): Promise<Registration[]> {
  const all: Registration[] = [];
  let cursor: string | undefined;
  do {
    const page = await table.repositories.registrations.listForEvent(eventId, 50, cursor);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return all;
}
