import { describe, expect, it } from 'vitest';

import { isInEventEvening } from './event-evening.js';

const fridays = { weekday: 'FRI', startHourUtc: 9, endHourUtc: 14 } as const;

describe('the event-evening window', () => {
  it.each([
    ['2027-01-15T08:29:59Z', false],
    ['2027-01-15T08:30:00Z', true],
    ['2027-01-15T13:59:59Z', true],
    ['2027-01-15T14:00:00Z', false],
    ['2027-01-14T12:00:00Z', false],
    ['2027-01-16T12:00:00Z', false],
  ])('at %s is %s, counting half an hour of lead time', (at, inside) => {
    expect(isInEventEvening(fridays, new Date(at))).toBe(inside);
  });
});
