import { beforeAll, describe, expect, it } from 'vitest';

import { createTestApi, readJson, type TestApi } from '../support/api.js';

/*
 * The participant export as a spreadsheet opens it: bytes first (BOM, CRLF), then rows and cells.
 */

let api: TestApi;
let eventId: string;
let csvPath: string;

const BOM = '\uFEFF';

beforeAll(async () => {
  api = await createTestApi();
  const event = await api.createEvent({
    onsiteCapacity: 2,
    startsAt: '2030-03-20T19:00:00+09:00',
    endsAt: '2030-03-20T21:00:00+09:00',
  });
  eventId = event.id;
  csvPath = `/api/organizer/events/${eventId}/registrations.csv`;
  const people = [
    { name: '山田 花子', email: 'hanako@example.com', attendance: 'onsite' },
    {
      name: '=HYPERLINK("https://evil.example","x")',
      email: 'formula@example.com',
      attendance: 'onsite',
    },
    { name: '@SUM(A1), "quoted"', email: 'at@example.com', attendance: 'onsite' },
    { name: '+81 田中', email: 'plus@example.com', attendance: 'onsite' },
    { name: 'Online Person', email: 'online@example.com', attendance: 'online' },
  ];
  const ids: string[] = [];
  for (const person of people) {
    const response = await api.request(`/api/events/${eventId}/registrations`, {
      method: 'POST',
      json: person,
    });
    expect(response.status).toBe(201);
    ids.push((await readJson<{ registration: { id: string } }>(response)).registration.id);
  }
  const checkedIn = await api.request(
    `/api/organizer/events/${eventId}/registrations/${ids[0] ?? ''}/check-in`,
    { method: 'POST', asOrganizer: true },
  );
  expect(checkedIn.status).toBe(200);
});

/** Splits CSV text into rows of cells (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += char;
  }
  return rows;
}

async function exported(query = '') {
  const response = await api.request(`${csvPath}${query}`, { asOrganizer: true });
  expect(response.status).toBe(200);
  return response;
}

describe('the CSV export of registrations', () => {
  it('is a UTF-8 attachment with a BOM, CRLF line ends and an ASCII file name, never cached', async () => {
    const response = await exported();

    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="registrations-2030-03-20-${eventId}.csv"`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('has a header row and one row per registration in arrival order, in Japanese by default', async () => {
    const rows = parseCsv((await (await exported()).text()).replace(BOM, ''));

    expect(rows[0]).toEqual([
      '名前',
      'メールアドレス',
      '参加方法',
      '状態',
      'キャンセル待ち順',
      '登録日時 (Asia/Tokyo)',
      'チェックイン日時 (Asia/Tokyo)',
    ]);
    expect(rows).toHaveLength(6);
    expect(rows[1]?.slice(0, 5)).toEqual(['山田 花子', 'hanako@example.com', '会場', '確定', '']);
    expect(rows[1]?.[5]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(rows[1]?.[6]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(rows[3]?.slice(3, 5)).toEqual(['キャンセル待ち', '1']);
    expect(rows[4]?.slice(3, 5)).toEqual(['キャンセル待ち', '2']);
    expect(rows[5]?.slice(1, 4)).toEqual(['online@example.com', 'オンライン', '確定']);
    expect(rows[5]?.[6]).toBe('');
  });

  it("writes times in the event's zone", async () => {
    const list = await api.request(`/api/events/${eventId}/registrations`, { asOrganizer: true });
    const { items } = await readJson<{ items: { createdAt: string }[] }>(list);
    const tokyo = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Tokyo',
      dateStyle: 'short',
      timeStyle: 'medium',
    });

    const rows = parseCsv((await (await exported()).text()).replace(BOM, ''));

    expect(rows[1]?.[5]).toBe(tokyo.format(new Date(items[0]?.createdAt ?? '')));
  });

  it('neutralises cells that a spreadsheet would run as a formula', async () => {
    const rows = parseCsv((await (await exported()).text()).replace(BOM, ''));

    const names = rows.slice(1).map((row) => row[0]);

    expect(names).toEqual([
      '山田 花子',
      `'=HYPERLINK("https://evil.example","x")`,
      `'@SUM(A1), "quoted"`,
      "'+81 田中",
      'Online Person',
    ]);
  });

  it('writes the header and the words in English when asked', async () => {
    const rows = parseCsv((await (await exported('?lang=en')).text()).replace(BOM, ''));

    expect(rows[0]?.slice(0, 5)).toEqual([
      'Name',
      'E-mail',
      'Attendance',
      'Status',
      'Waitlist position',
    ]);
    expect(rows[1]?.slice(2, 4)).toEqual(['Onsite', 'Confirmed']);
  });

  it('answers 400 naming the query parameter for a language it does not write', async () => {
    const response = await api.request(`${csvPath}?lang=fr`, { asOrganizer: true });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await readJson(response)).toMatchObject({
      code: 'validation-failed',
      errors: [expect.objectContaining({ field: 'lang' })],
    });
  });

  it('answers 404 for an event that does not exist', async () => {
    const response = await api.request(
      '/api/organizer/events/01NOSUCHEVENT00000000000000/registrations.csv',
      { asOrganizer: true },
    );

    expect(response.status).toBe(404);
    expect(await readJson(response)).toMatchObject({ code: 'not-found' });
  });

  it('answers 401 without an organizer token, with nothing of the list', async () => {
    const response = await api.request(csvPath);

    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain('example.com');
  });
});
