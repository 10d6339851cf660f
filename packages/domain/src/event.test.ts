import { describe, expect, it } from 'vitest';

import {
  assertEventShape,
  assertStatusTransition,
  createEventSchema,
  seatsLeft,
  updateEventSchema,
  type EventShape,
} from './event.js';
import { RuleViolationError } from './errors.js';

const hybrid: EventShape = {
  startsAt: '2026-12-18T19:00:00+09:00',
  endsAt: '2026-12-18T21:00:00+09:00',
  format: 'hybrid',
  venue: { name: '渋谷', address: undefined },
  onsiteCapacity: 30,
  onlineUrl: 'https://meet.example.com/x',
};

describe('event status transitions', () => {
  it.each([
    ['upcoming', 'ongoing'],
    ['ongoing', 'completed'],
    ['upcoming', 'cancelled'],
    ['ongoing', 'cancelled'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(() => {
      assertStatusTransition(from, to);
    }).not.toThrow();
  });

  it.each([
    ['upcoming', 'completed'],
    ['ongoing', 'upcoming'],
    ['completed', 'cancelled'],
    ['cancelled', 'upcoming'],
    ['completed', 'ongoing'],
    ['upcoming', 'upcoming'],
  ] as const)('refuses %s → %s and names the allowed ones', (from, to) => {
    expect(() => {
      assertStatusTransition(from, to);
    }).toThrow(RuleViolationError);
    expect(() => {
      assertStatusTransition(from, to);
    }).toThrow(/allowed from/);
  });
});

describe('event shape', () => {
  it('accepts a hybrid event with a venue, seats and an online link', () => {
    expect(() => {
      assertEventShape(hybrid);
    }).not.toThrow();
  });

  it('compares start and end as instants, whatever their offsets', () => {
    const sameInstant = {
      ...hybrid,
      startsAt: '2026-12-18T10:00:00Z',
      endsAt: '2026-12-18T19:00:00+09:00',
    };

    expect(() => {
      assertEventShape(sameInstant);
    }).toThrow(/endsAt must be after startsAt/);
  });

  it('needs onsite seats and a venue unless the event is online', () => {
    expect(() => {
      assertEventShape({ ...hybrid, onsiteCapacity: 0 });
    }).toThrow(/onsiteCapacity of at least 1/);
    expect(() => {
      assertEventShape({ ...hybrid, venue: undefined });
    }).toThrow(/needs a venue/);
  });

  it('gives an online event no onsite seats', () => {
    expect(() => {
      assertEventShape({ ...hybrid, format: 'online', onsiteCapacity: 5 });
    }).toThrow(/online event has no onsite seats/);
    expect(() => {
      assertEventShape({ ...hybrid, format: 'online', onsiteCapacity: 0, venue: undefined });
    }).not.toThrow();
  });
});

describe('event input', () => {
  const minimal = {
    title: 'LT Night',
    description: 'なんでもあり',
    startsAt: '2026-12-18T19:00:00+09:00',
    endsAt: '2026-12-18T21:00:00+09:00',
    format: 'online',
  };

  it('fills in the defaults of a lightning-talk night', () => {
    const parsed = createEventSchema.parse(minimal);

    expect(parsed).toMatchObject({
      timeZone: 'Asia/Tokyo',
      talkLimit: 20,
      talkMinutes: 5,
      onsiteCapacity: 0,
      registrationOpen: true,
      talkSubmissionOpen: true,
    });
  });

  it('refuses unknown fields, unknown time zones and dates without an offset', () => {
    expect(createEventSchema.safeParse({ ...minimal, colour: 'red' }).success).toBe(false);
    expect(createEventSchema.safeParse({ ...minimal, timeZone: 'Mars/Olympus' }).success).toBe(
      false,
    );
    expect(createEventSchema.safeParse({ ...minimal, startsAt: '2026-12-18 19:00' }).success).toBe(
      false,
    );
  });

  it('refuses a blank title but keeps text exactly as typed', () => {
    const text = '  <b>LT</b> 🎤 夜  ';

    expect(createEventSchema.safeParse({ ...minimal, title: '   ' }).success).toBe(false);
    expect(createEventSchema.parse({ ...minimal, title: text }).title).toBe(text);
  });

  it('lets a change clear the venue with null', () => {
    expect(updateEventSchema.parse({ venue: null })).toEqual({ venue: null });
  });
});

describe('seats left', () => {
  it('never goes below zero', () => {
    const counts = {
      confirmedOnsite: 12,
      waitlisted: 3,
      online: 0,
      acceptedTalks: 0,
      checkedIn: 0,
    };

    expect(seatsLeft({ onsiteCapacity: 12, counts })).toBe(0);
    expect(seatsLeft({ onsiteCapacity: 20, counts })).toBe(8);
  });
});
