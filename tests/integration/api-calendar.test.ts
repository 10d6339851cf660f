import { Logger } from '@aws-lambda-powertools/logger';
import { createApiApp } from '@ltc/api';
import { beforeAll, describe, expect, it } from 'vitest';

import { createTestApi, readJson, type TestApi } from '../support/api.js';

/*
 * The iCalendar feeds, read back the way a calendar app reads them: lines unfolded, properties
 * split from their values.
 */

/** One VEVENT: property name (without parameters) to value. */
type CalendarEntry = Readonly<Record<string, string | undefined>>;

const DAY = 86_400_000;

let api: TestApi;
let upcomingId: string;
let recentPastId: string;
let longAgoId: string;
let cancelledId: string;

beforeAll(async () => {
  api = await createTestApi();
  upcomingId = (
    await api.createEvent({
      title: '第42回 LT ナイト：なんでもあり; 5分\\トーク',
      description: '一行目の説明。\n二行目は、カンマとセミコロン; を含みます。',
      startsAt: '2030-01-15T19:00:00+09:00',
      endsAt: '2030-01-15T21:00:00+09:00',
      venue: { name: '渋谷のコワーキングスペース', address: '東京都渋谷区1-2-3' },
    })
  ).id;
  recentPastId = (await createFinished(10, 'completed')).id;
  longAgoId = (await createFinished(400, 'completed')).id;
  cancelledId = (await api.createEvent({ title: '中止になった夜' })).id;
  await changeStatus(cancelledId, 'cancelled');
});

async function changeStatus(eventId: string, status: string) {
  const response = await api.request(`/api/events/${eventId}/status`, {
    method: 'POST',
    json: { status },
    asOrganizer: true,
  });
  expect(response.status).toBe(200);
}

/** An event that ended `daysAgo` days ago, moved through its statuses to `status`. */
async function createFinished(daysAgo: number, status: 'completed' | 'cancelled') {
  const end = new Date(Date.now() - daysAgo * DAY);
  const event = await api.createEvent({
    title: `${daysAgo}日前の夜`,
    startsAt: new Date(end.getTime() - 2 * 3600_000).toISOString(),
    endsAt: end.toISOString(),
  });
  await changeStatus(event.id, 'ongoing');
  await changeStatus(event.id, status);
  return event;
}

/** The calendar's text as lines, unfolded (a line starting with a space continues the last). */
function unfold(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n');
}

/** The VEVENT blocks of a calendar, property name (without parameters) to value. */
function entries(text: string): CalendarEntry[] {
  const found: Record<string, string>[] = [];
  let current: Record<string, string> | undefined;
  for (const line of unfold(text)) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT' && current !== undefined) {
      found.push(current);
      current = undefined;
    } else if (current !== undefined) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).split(';')[0] ?? '';
      current[name] = line.slice(colon + 1);
    }
  }
  return found;
}

/** Reverses the text escapes of RFC 5545 (\\n, \\, \\; \\\\). */
function unescapeText(value: string | undefined): string | undefined {
  return value?.replace(/\\([\\;,nN])/g, (_, char: string) =>
    char === 'n' || char === 'N' ? '\n' : char,
  );
}

function entryOf(text: string, eventId: string): CalendarEntry | undefined {
  return entries(text).find((entry) => entry.UID?.includes(eventId));
}

describe('the calendar feed of every event', () => {
  it('answers text/calendar in UTF-8 that public caches may keep for a while', async () => {
    const response = await api.request('/api/calendar.ics');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=15');
    const text = await response.text();
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
  });

  it('holds the upcoming events and those of recent weeks, without cancelled or old ones', async () => {
    const text = await (await api.request('/api/calendar.ics')).text();

    const ids = entries(text).map((entry) => entry.UID);

    expect(ids).toContain(`event-${upcomingId}@xn--6wym69a.com`);
    expect(ids).toContain(`event-${recentPastId}@xn--6wym69a.com`);
    expect(ids.join(' ')).not.toContain(longAgoId);
    expect(ids.join(' ')).not.toContain(cancelledId);
  });

  it('writes the times in UTC and the Japanese text intact, escaped as iCalendar asks', async () => {
    const text = await (await api.request('/api/calendar.ics')).text();

    const entry = entryOf(text, upcomingId);

    expect(entry?.DTSTART).toBe('20300115T100000Z');
    expect(entry?.DTEND).toBe('20300115T120000Z');
    expect(unescapeText(entry?.SUMMARY)).toBe('第42回 LT ナイト：なんでもあり; 5分\\トーク');
    expect(unescapeText(entry?.DESCRIPTION)).toContain(
      '一行目の説明。\n二行目は、カンマとセミコロン; を含みます。',
    );
    expect(unescapeText(entry?.LOCATION)).toContain(
      '渋谷のコワーキングスペース, 東京都渋谷区1-2-3',
    );
  });

  it('folds long lines at 75 octets without splitting a character, with CRLF line ends', async () => {
    const text = await (await api.request('/api/calendar.ics')).text();

    const lines = text.split('\r\n');

    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of lines) {
      expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
    }
  });

  it('links each entry to its event page on the origin the request came to', async () => {
    const text = await (await api.request('/api/calendar.ics')).text();

    expect(entryOf(text, upcomingId)?.URL).toBe(`http://localhost/events/${upcomingId}`);
  });

  it('links to the configured site origin when the API has one', async () => {
    const app = createApiApp({
      repositories: api.table.repositories,
      verifyToken: () => Promise.reject(new Error('no organizer here')),
      logger: new Logger({ serviceName: 'ltc-api-test', logLevel: 'SILENT' }),
      siteUrl: 'https://dev.xn--6wym69a.com/',
    });

    const text = await (await app.request('/api/calendar.ics')).text();

    expect(entryOf(text, upcomingId)?.URL).toBe(`https://dev.xn--6wym69a.com/events/${upcomingId}`);
  });

  it('keeps the same UID and bytes for an unchanged event', async () => {
    const first = await (await api.request('/api/calendar.ics')).text();
    const second = await (await api.request('/api/calendar.ics')).text();

    expect(second).toBe(first);
  });
});

describe('the calendar file of one event', () => {
  it('answers the event alone as a downloadable calendar with the UID of the feed', async () => {
    const response = await api.request(`/api/events/${upcomingId}/calendar.ics`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="ltc-${upcomingId}.ics"`,
    );
    expect(response.headers.get('cache-control')).toBe('public, max-age=15');
    const found = entries(await response.text());
    expect(found).toHaveLength(1);
    expect(found[0]?.UID).toBe(`event-${upcomingId}@xn--6wym69a.com`);
    expect(found[0]?.STATUS).toBe('CONFIRMED');
  });

  it('marks a cancelled event as cancelled, so a calendar that has it can show so', async () => {
    const text = await (await api.request(`/api/events/${cancelledId}/calendar.ics`)).text();

    expect(entries(text)[0]?.STATUS).toBe('CANCELLED');
  });

  it('answers 404 with a problem document for an event that does not exist', async () => {
    const response = await api.request('/api/events/01NOSUCHEVENT00000000000000/calendar.ics');

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await readJson(response)).toMatchObject({ status: 404, code: 'not-found' });
  });

  it('answers 400 naming the field for an id that cannot be one', async () => {
    const response = await api.request('/api/events/not-an-id!/calendar.ics');

    expect(response.status).toBe(400);
    expect(await readJson(response)).toMatchObject({
      code: 'validation-failed',
      errors: [{ field: 'eventId', message: 'must be an id' }],
    });
  });
});
