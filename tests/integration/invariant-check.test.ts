import { describe, expect, it } from 'vitest';

import { brokenInvariants, type EventPartition } from '../support/invariants.js';

/*
 * The invariant check that the load, fault and property runs rely on must itself catch a
 * broken table; these partitions are written by hand to break one rule each.
 */

const event = {
  id: 'E1',
  onsiteCapacity: 2,
  talkLimit: 1,
  confirmedOnsite: 2,
  waitlisted: 1,
  online: 0,
  acceptedTalks: 1,
};

function registration(id: string, status: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    email: `${id.toLowerCase()}@example.com`,
    attendance: 'onsite',
    status,
    createdAt: `2027-01-01T00:00:0${id.slice(1)}.000Z`,
    ...extra,
  };
}

function consistent(): EventPartition {
  return {
    event,
    registrations: [
      registration('R1', 'confirmed'),
      registration('R2', 'confirmed'),
      registration('R3', 'waitlisted'),
    ],
    waitlist: ['R3'],
    emailGuards: [{ registrationId: 'R1' }, { registrationId: 'R2' }, { registrationId: 'R3' }],
    talks: [{ id: 'T1', status: 'accepted' }],
  };
}

describe('the invariant check of a stored event', () => {
  it('finds nothing wrong in a consistent event', () => {
    expect(brokenInvariants(consistent(), { sequential: true })).toEqual([]);
  });

  it('reports more confirmed onsite registrations than seats, and counts that differ from the items', () => {
    const partition = consistent();
    const overbooked = {
      ...partition,
      registrations: [...partition.registrations, registration('R4', 'confirmed')],
      emailGuards: [...partition.emailGuards, { registrationId: 'R4' }],
    };

    const broken = brokenInvariants(overbooked);

    expect(broken.join('\n')).toContain('3 confirmed onsite for 2 seats');
    expect(broken.join('\n')).toContain('the count confirmedOnsite is 2, the table holds 3');
  });

  it('reports a seat given after an earlier registration was answered as waitlisted', () => {
    const partition = consistent();
    const jumped = {
      ...partition,
      event: { ...event, waitlisted: 1 },
      registrations: [
        registration('R1', 'confirmed'),
        registration('R2', 'waitlisted'),
        registration('R3', 'confirmed', { promotedAt: '2027-01-01T00:00:09.000Z' }),
      ],
      waitlist: ['R2'],
    };

    const broken = brokenInvariants(jumped, {
      waitlistedAt: [{ id: 'R2', at: '2027-01-01T00:00:05.000Z' }],
    });

    expect(broken.join('\n')).toContain('got a seat');
  });

  it("judges a promotion by its cancellation's answer, since its stamp comes before its writes", () => {
    // R3 waited from 0:05 and was promoted by a cancellation stamped 0:08; R4 was promoted by a
    // cancellation stamped 0:07 that, slowed by retries, read the waitlist only after R3 left.
    const partition: EventPartition = {
      event: { ...event, confirmedOnsite: 2, waitlisted: 0 },
      registrations: [
        registration('R1', 'cancelled', { cancelledAt: '2027-01-01T00:00:07.000Z' }),
        registration('R2', 'cancelled', { cancelledAt: '2027-01-01T00:00:08.000Z' }),
        registration('R3', 'confirmed', { promotedAt: '2027-01-01T00:00:08.000Z' }),
        registration('R4', 'confirmed', { promotedAt: '2027-01-01T00:00:07.000Z' }),
      ],
      waitlist: [],
      emailGuards: [{ registrationId: 'R3' }, { registrationId: 'R4' }],
      talks: [{ id: 'T1', status: 'accepted' }],
    };
    const waitlistedAt = [{ id: 'R3', at: '2027-01-01T00:00:05.000Z' }];

    // Answered after R3 left: it may have read the waitlist then. Not a provable jump.
    expect(
      brokenInvariants(partition, {
        waitlistedAt,
        cancelledAt: [{ id: 'R1', at: '2027-01-01T00:00:08.500Z' }],
      }),
    ).toEqual([]);
    // Answered before R3 left: R4 took the seat while R3 was waiting.
    expect(
      brokenInvariants(partition, {
        waitlistedAt,
        cancelledAt: [{ id: 'R1', at: '2027-01-01T00:00:07.500Z' }],
      }).join('\n'),
    ).toContain('registration R4 got a seat');
    // Without the answer, the stamp is all there is.
    expect(brokenInvariants(partition, { waitlistedAt }).join('\n')).toContain(
      'registration R4 got a seat',
    );
  });

  it('reports two live registrations of one e-mail, a waitlist out of step, and too many accepted talks', () => {
    const partition = consistent();
    const broken = brokenInvariants({
      ...partition,
      registrations: [
        registration('R1', 'confirmed'),
        registration('R2', 'confirmed', { email: 'R1@Example.com' }),
        registration('R3', 'waitlisted'),
      ],
      waitlist: [],
      talks: [
        { id: 'T1', status: 'accepted' },
        { id: 'T2', status: 'accepted' },
      ],
    });

    const text = broken.join('\n');
    expect(text).toContain('2 live registrations share one e-mail');
    expect(text).toContain('the waitlist (0) is not the waitlisted registrations (1)');
    expect(text).toContain('2 accepted talks for a limit of 1');
  });
});

describe('the check of the checked-in count', () => {
  it('reports a count out of step and a check-in of someone without a seat', () => {
    const partition = consistent();
    const broken = brokenInvariants({
      ...partition,
      event: { ...event, checkedIn: 3 },
      registrations: [
        registration('R1', 'confirmed', { checkedInAt: '2027-01-01T10:00:00.000Z' }),
        registration('R2', 'confirmed'),
        registration('R3', 'waitlisted', { checkedInAt: '2027-01-01T10:00:00.000Z' }),
      ],
    });

    expect(broken).toEqual([
      'event E1: the count checkedIn is 3, the table holds 2',
      'event E1: a waitlisted onsite registration is checked in',
    ]);
  });
});
