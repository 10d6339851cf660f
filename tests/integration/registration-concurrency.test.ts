import { beforeAll, describe, expect, it } from 'vitest';

import { aRegistration, anEvent } from '../support/fixtures.js';
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
    const created = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.registration] : []));
    expect(created.filter((r) => r.status === 'confirmed')).toHaveLength(50);
    expect(created.filter((r) => r.status === 'waitlisted')).toHaveLength(250);
    const stored = await events.get(event.id);
    expect(stored.counts).toMatchObject({ confirmedOnsite: 50, waitlisted: 250 });
    console.info(`300 concurrent registrations took ${elapsed} ms`);
  });
});
