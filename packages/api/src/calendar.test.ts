import type { LtcEvent } from '@ltc/domain';
import { describe, expect, it } from 'vitest';

import { eventsCalendar } from './calendar.js';

function anEvent(overrides: Partial<LtcEvent> = {}): LtcEvent {
  return {
    id: '01JEVENT',
    title: 'LT ナイト',
    description: 'なんでもあり',
    startsAt: '2027-01-15T19:00:00+09:00',
    endsAt: '2027-01-15T21:00:00+09:00',
    timeZone: 'Asia/Tokyo',
    format: 'onsite',
    venue: { name: '渋谷', address: undefined },
    onsiteCapacity: 10,
    onlineUrl: undefined,
    status: 'upcoming',
    registrationOpen: true,
    talkSubmissionOpen: true,
    talkLimit: 20,
    talkMinutes: 5,
    counts: { confirmedOnsite: 0, waitlisted: 0, online: 0, acceptedTalks: 0, checkedIn: 0 },
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-02T03:04:05.000Z',
    ...overrides,
  };
}

function propertyOf(calendar: string, name: string): string | undefined {
  const line = calendar
    .replace(/\r\n /g, '')
    .split('\r\n')
    .find((candidate) => candidate.startsWith(`${name}:`) || candidate.startsWith(`${name};`));
  return line?.slice(line.indexOf(':') + 1);
}

const options = { name: 'Lightning Talk Circle', siteOrigin: 'https://xn--6wym69a.com' };

describe('eventsCalendar', () => {
  it('stamps an entry with the last change of the event, so unchanged events keep their bytes', () => {
    const calendar = eventsCalendar([anEvent()], options);

    expect(propertyOf(calendar, 'DTSTAMP')).toBe('20261202T030405Z');
    expect(eventsCalendar([anEvent()], options)).toBe(calendar);
  });

  it('says where: the venue onsite, online for an online night, both for a hybrid one', () => {
    const place = (event: LtcEvent) => propertyOf(eventsCalendar([event], options), 'LOCATION');

    expect(place(anEvent({ venue: { name: '渋谷', address: '東京都' } }))).toBe('渋谷\\, 東京都');
    expect(place(anEvent({ format: 'online', venue: undefined }))).toBe('Online / オンライン');
    expect(place(anEvent({ format: 'hybrid' }))).toBe('渋谷 / Online / オンライン');
  });

  it('ends the description with the link to the event page', () => {
    const calendar = eventsCalendar([anEvent()], options);

    expect(propertyOf(calendar, 'DESCRIPTION')).toBe(
      'なんでもあり\\n\\nhttps://xn--6wym69a.com/events/01JEVENT',
    );
  });
});
