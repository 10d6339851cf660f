import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  EVENT_FORMATS,
  EVENT_STATUSES,
  assertStatusTransition,
  isEventActive,
  nextStatuses,
  seatsLeft,
  type EventStatus,
  type LtcEvent,
} from './event.js';
import { DomainError } from './errors.js';
import { ATTENDANCE_MODES, assertCanRegister } from './registration.js';
import {
  TALK_STATUSES,
  assertCanReview,
  assertCanSubmitTalk,
  inRunningOrder,
  type Talk,
} from './talk.js';

/*
 * Properties of the domain rules, checked on generated cases. The rules of counts under
 * concurrency (capacity, waitlist order, talk limit) live in the data layer's transactions and
 * have their own properties in tests/integration/invariant-properties.test.ts.
 */

/** Cases per property; FUZZ_RUNS=<n> runs the longer form. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

/** The type of the values an arbitrary generates. */
type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;

const status = fc.constantFrom(...EVENT_STATUSES);

const anEvent = fc.record({
  status,
  format: fc.constantFrom(...EVENT_FORMATS),
  registrationOpen: fc.boolean(),
  talkSubmissionOpen: fc.boolean(),
  onsiteCapacity: fc.integer({ min: 0, max: 10_000 }),
  confirmedOnsite: fc.integer({ min: 0, max: 12_000 }),
});

function toEvent(fields: Generated<typeof anEvent>): LtcEvent {
  return {
    id: 'e',
    title: 't',
    description: 'd',
    startsAt: '2027-01-01T10:00:00Z',
    endsAt: '2027-01-01T12:00:00Z',
    timeZone: 'Asia/Tokyo',
    venue: undefined,
    onlineUrl: undefined,
    talkLimit: 20,
    talkMinutes: 5,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...fields,
    counts: {
      confirmedOnsite: fields.confirmedOnsite,
      waitlisted: 0,
      online: 0,
      acceptedTalks: 0,
      checkedIn: 0,
    },
  };
}

const aTalk = fc.record({
  id: fc.uuid(),
  status: fc.constantFrom(...TALK_STATUSES),
  runningOrder: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
  acceptedAt: fc.option(
    fc
      .date({ min: new Date('2026-01-01'), max: new Date('2027-01-01'), noInvalidDate: true })
      .map((date) => date.toISOString()),
    { nil: undefined },
  ),
});

function toTalk(fields: Generated<typeof aTalk>): Talk {
  return {
    eventId: 'e',
    title: 't',
    abstract: 'a',
    category: 'tech',
    speakerName: 's',
    speakerEmail: 's@example.com',
    slideUrl: undefined,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...fields,
  };
}

function allowed(from: EventStatus, to: EventStatus): boolean {
  try {
    assertStatusTransition(from, to);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return false;
  }
}

describe('event status rules, on generated cases', () => {
  it('allows a transition exactly when it is listed among the next statuses', () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        expect(allowed(from, to)).toBe(nextStatuses(from).includes(to));
      }),
      { numRuns: RUNS },
    );
  });

  it('never returns an event to an earlier status, and freezes it once it is over', () => {
    const order: Record<EventStatus, number> = {
      upcoming: 0,
      ongoing: 1,
      completed: 2,
      cancelled: 2,
    };

    fc.assert(
      fc.property(fc.array(status, { maxLength: 20 }), (requested) => {
        let current: EventStatus = 'upcoming';
        for (const next of requested) {
          if (!allowed(current, next)) continue;
          expect(order[next]).toBeGreaterThan(order[current]);
          current = next;
        }
        expect(nextStatuses(current).length > 0).toBe(isEventActive(current));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('registration rules, on generated cases', () => {
  it('takes a registration only for an active, open event that offers the attendance', () => {
    fc.assert(
      fc.property(anEvent, fc.constantFrom(...ATTENDANCE_MODES), (fields, attendance) => {
        const event = toEvent(fields);
        const offered =
          event.format === 'hybrid' ||
          (event.format === 'online' ? attendance === 'online' : attendance === 'onsite');
        const expected = isEventActive(event.status) && event.registrationOpen && offered;

        let accepted = true;
        try {
          assertCanRegister(event, attendance);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          accepted = false;
        }

        expect(accepted).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('counts the seats left between zero and the capacity', () => {
    fc.assert(
      fc.property(anEvent, (fields) => {
        const left = seatsLeft(toEvent(fields));

        expect(left).toBeGreaterThanOrEqual(0);
        expect(left).toBeLessThanOrEqual(fields.onsiteCapacity);
        expect(left).toBe(Math.max(0, fields.onsiteCapacity - fields.confirmedOnsite));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('talk rules, on generated cases', () => {
  it('takes a talk only while the event is upcoming and submission is open', () => {
    fc.assert(
      fc.property(anEvent, (fields) => {
        const event = toEvent(fields);
        let accepted = true;
        try {
          assertCanSubmitTalk(event);
        } catch {
          accepted = false;
        }

        expect(accepted).toBe(event.status === 'upcoming' && event.talkSubmissionOpen);
      }),
      { numRuns: RUNS },
    );
  });

  it('never lets a decision land on a withdrawn talk, an inactive event, or repeat itself', () => {
    fc.assert(
      fc.property(
        anEvent,
        aTalk,
        fc.constantFrom('accepted' as const, 'rejected' as const),
        (fields, talkFields, decision) => {
          const event = toEvent(fields);
          const talk = toTalk(talkFields);
          let accepted = true;
          try {
            assertCanReview(event, talk, decision);
          } catch {
            accepted = false;
          }

          expect(accepted).toBe(
            isEventActive(event.status) && talk.status !== 'withdrawn' && talk.status !== decision,
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('puts exactly the accepted talks in the running order, numbered first, whatever the input order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(aTalk, { selector: (talk) => talk.id, maxLength: 30 }),
        (fields) => {
          const talks = fields.map(toTalk);
          const ordered = inRunningOrder(talks);
          const reversed = inRunningOrder([...talks].reverse());

          expect(ordered.map((talk) => talk.id).sort()).toEqual(
            talks
              .filter((talk) => talk.status === 'accepted')
              .map((talk) => talk.id)
              .sort(),
          );
          const numbers = ordered.map((talk) => talk.runningOrder ?? Number.MAX_SAFE_INTEGER);
          expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
          // Ties on both keys may come out in either order; everything else is fixed.
          const key = (talk: Talk) => `${String(talk.runningOrder)}|${talk.acceptedAt ?? ''}`;
          expect(reversed.map(key)).toEqual(ordered.map(key));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
