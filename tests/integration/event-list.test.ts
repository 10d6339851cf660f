import { beforeAll, describe, expect, it } from 'vitest';

import { anEvent } from '../support/fixtures.js';
import { createTestTable, type TestTable } from '../support/table.js';

/*
 * The event lists page through the events index by end time, relative to the store's clock.
 * The clock here is the test's, so an event can end between two pages.
 */

const HOUR = 3600 * 1000;
let clock = new Date('2030-05-01T10:00:00Z');
let table: TestTable;

beforeAll(async () => {
  table = await createTestTable(() => clock);
});

function endingIn(hours: number, title: string) {
  const end = new Date(clock.getTime() + hours * HOUR);
  return table.repositories.events.create(
    anEvent({
      title,
      startsAt: new Date(end.getTime() - HOUR).toISOString(),
      endsAt: end.toISOString(),
    }),
  );
}

describe('event lists', () => {
  it('keeps paging through upcoming events after the last event of a page has ended', async () => {
    const { events } = table.repositories;
    await endingIn(1, 'ends first');
    await endingIn(3, 'ends second');
    const first = await events.list('upcoming', 1);

    clock = new Date(clock.getTime() + 2 * HOUR);
    const second = await events.list('upcoming', 1, first.nextCursor);

    expect(first.items.map((event) => event.title)).toEqual(['ends first']);
    expect(second.items.map((event) => event.title)).toEqual(['ends second']);
  });

  it('refuses a cursor of the upcoming list given to the past list', async () => {
    const { events } = table.repositories;
    await endingIn(5, 'later');
    await endingIn(6, 'even later');
    const upcoming = await events.list('upcoming', 1);

    await expect(events.list('past', 1, upcoming.nextCursor)).rejects.toThrow(
      /cursor is not valid/,
    );
  });
});
