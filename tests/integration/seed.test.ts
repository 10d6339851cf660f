import { beforeAll, describe, expect, it } from 'vitest';

import type { Repositories } from '@ltc/data';
import { seatsLeft, type LtcEvent, type Registration } from '@ltc/domain';
import { seedDemoData, type SeedSummary } from '@ltc/local';

import { createTestTable } from '../support/table.js';

let repositories: Repositories;
let summary: SeedSummary;
let upcoming: LtcEvent[];
let past: LtcEvent[];

beforeAll(async () => {
  ({ repositories } = await createTestTable());
  summary = await seedDemoData(repositories, new Date());

  const upcomingPage = await repositories.events.list('upcoming', 20);
  const pastPage = await repositories.events.list('past', 20);
  expect(upcomingPage.nextCursor).toBeUndefined();
  expect(pastPage.nextCursor).toBeUndefined();
  upcoming = upcomingPage.items;
  past = pastPage.items;
});

async function registrationsOf(eventId: string): Promise<Registration[]> {
  const page = await repositories.registrations.listForEvent(eventId, 500);
  expect(page.nextCursor).toBeUndefined();
  return page.items;
}

function hybridNight(): LtcEvent {
  const event = upcoming.find((candidate) => candidate.format === 'hybrid');
  if (event === undefined) throw new Error('the seed has no upcoming hybrid event');
  return event;
}

describe('demo data', () => {
  it('reports exactly what it wrote', async () => {
    const all = [...upcoming, ...past];
    const registrations = await Promise.all(all.map((event) => registrationsOf(event.id)));
    const talks = await Promise.all(all.map((event) => repositories.talks.listForEvent(event.id)));

    expect(summary).toEqual({
      events: all.length,
      registrations: registrations.flat().length,
      talks: talks.flat().length,
    });
    expect(summary.events).toBe(7);
  });

  it('lists the three upcoming events soonest first', () => {
    expect(upcoming.map((event) => event.format)).toEqual(['hybrid', 'online', 'onsite']);
    expect(upcoming.every((event) => event.status === 'upcoming')).toBe(true);
    const starts = upcoming.map((event) => Date.parse(event.startsAt));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts[0]).toBeGreaterThan(Date.now());
  });

  it('lists the four past events latest first, one of them cancelled', () => {
    expect(past).toHaveLength(4);
    const ends = past.map((event) => Date.parse(event.endsAt));
    expect(ends).toEqual([...ends].sort((a, b) => b - a));
    expect(ends[0]).toBeLessThan(Date.now());
    expect(past.map((event) => event.status).sort()).toEqual([
      'cancelled',
      'completed',
      'completed',
      'completed',
    ]);
  });

  it('holds past events in the evening in Tokyo, written with the +09:00 offset', () => {
    for (const event of past) {
      expect(event.timeZone).toBe('Asia/Tokyo');
      expect(event.startsAt).toMatch(/^\d{4}-\d{2}-\d{2}T19:00:00\+09:00$/);
      expect(event.endsAt).toMatch(/^\d{4}-\d{2}-\d{2}T21:00:00\+09:00$/);
    }
  });

  it('fills every seat of the hybrid night and keeps three people waiting', async () => {
    const event = await repositories.events.get(hybridNight().id);

    expect(event.onsiteCapacity).toBe(12);
    expect(seatsLeft(event)).toBe(0);
    expect(event.counts).toMatchObject({ confirmedOnsite: 12, waitlisted: 3 });
    expect(event.counts.online).toBeGreaterThan(0);
    expect(event.registrationOpen && event.talkSubmissionOpen).toBe(true);
  });

  it('keeps the hybrid night’s waitlist in the order people registered', async () => {
    const eventId = hybridNight().id;

    const waitlist = await repositories.registrations.waitlist(eventId);
    const registrations = await registrationsOf(eventId);

    const waiting = registrations.filter((registration) => registration.status === 'waitlisted');
    expect(waitlist).toEqual(waiting.map((registration) => registration.id));
    const registeredAt = waiting.map((registration) => registration.createdAt);
    expect(registeredAt).toEqual([...registeredAt].sort());
    // The seat freed by a cancellation went to the one who had waited longest.
    const promoted = registrations.filter((registration) => registration.promotedAt !== undefined);
    expect(promoted).toHaveLength(1);
    expect(promoted.every((p) => waiting.every((w) => p.createdAt <= w.createdAt))).toBe(true);
  });

  it('never accepts more talks than an event’s talk limit', async () => {
    for (const event of [...upcoming, ...past]) {
      const talks = await repositories.talks.listForEvent(event.id);
      const accepted = talks.filter((talk) => talk.status === 'accepted');

      expect(accepted.length).toBe(event.counts.acceptedTalks);
      expect(accepted.length).toBeLessThanOrEqual(event.talkLimit);
    }
  });

  it('gives each completed night 5 to 8 accepted talks in a running order', async () => {
    const completed = past.filter((event) => event.status === 'completed');

    for (const event of completed) {
      const talks = await repositories.talks.listForEvent(event.id);
      const accepted = talks.filter((talk) => talk.status === 'accepted');
      const turnedDown = talks.filter((talk) => talk.status !== 'accepted');

      expect(accepted.length).toBeGreaterThanOrEqual(5);
      expect(accepted.length).toBeLessThanOrEqual(8);
      expect(accepted.map((talk) => talk.runningOrder).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
        accepted.map((_, index) => index + 1),
      );
      expect(turnedDown.every((talk) => ['rejected', 'withdrawn'].includes(talk.status))).toBe(
        true,
      );
      expect(turnedDown.length).toBeGreaterThan(0);
    }
  });

  it('uses only reserved e-mail domains', async () => {
    const all = [...upcoming, ...past];
    const registrations = (await Promise.all(all.map((event) => registrationsOf(event.id)))).flat();
    const talks = (
      await Promise.all(all.map((event) => repositories.talks.listForEvent(event.id)))
    ).flat();

    const emails = [
      ...registrations.map((registration) => registration.email),
      ...talks.map((talk) => talk.speakerEmail),
    ];
    expect(emails.filter((email) => !/@example\.(com|jp|org)$/.test(email))).toEqual([]);
  });
});
