import type { Registration } from '@ltc/domain';
import { describe, expect, it } from 'vitest';

import { registrationsCsv, registrationsFileName } from './registrations-csv.js';

function aRegistration(overrides: Partial<Registration> = {}): Registration {
  return {
    id: 'R1',
    eventId: 'E1',
    name: '山田 花子',
    email: 'hanako@example.com',
    attendance: 'onsite',
    status: 'confirmed',
    createdAt: '2027-07-01T10:00:00.000Z',
    updatedAt: '2027-07-01T10:00:00.000Z',
    promotedAt: undefined,
    cancelledAt: undefined,
    checkedInAt: undefined,
    ...overrides,
  };
}

/** The data rows of the CSV, without the BOM and the header. */
function rowsOf(csv: string): string[] {
  return csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .slice(1, -1);
}

describe('registrationsCsv', () => {
  it('puts an apostrophe before a cell that starts with a tab, a CR, a minus or an at sign', () => {
    const csv = registrationsCsv(
      { timeZone: 'Asia/Tokyo' },
      [
        aRegistration({ name: '\tタブ' }),
        aRegistration({ name: '-2+3' }),
        aRegistration({ name: '@cmd' }),
      ],
      [],
      'ja',
    );

    expect(rowsOf(csv).map((row) => row.split(',')[0])).toEqual(["'\tタブ", "'-2+3", "'@cmd"]);
  });

  it('quotes a cell with a line break, so the row stays one record', () => {
    const csv = registrationsCsv(
      { timeZone: 'Asia/Tokyo' },
      [aRegistration({ name: '一行目\n二行目' })],
      [],
      'en',
    );

    expect(csv).toContain('\r\n"一行目\n二行目",hanako@example.com,Onsite,Confirmed,,');
  });

  it('numbers the waitlisted by their place in the queue, not by arrival in the list', () => {
    const csv = registrationsCsv(
      { timeZone: 'Asia/Tokyo' },
      [
        aRegistration({ id: 'A', status: 'waitlisted' }),
        aRegistration({ id: 'B', status: 'waitlisted' }),
      ],
      ['B', 'A'],
      'en',
    );

    expect(rowsOf(csv).map((row) => row.split(',')[4])).toEqual(['2', '1']);
  });

  it("writes times on the event's clock, summer time included", () => {
    const csv = registrationsCsv(
      { timeZone: 'America/New_York' },
      [aRegistration({ checkedInAt: '2027-01-15T23:30:00.000Z' })],
      [],
      'en',
    );

    expect(csv).toContain('Registered at (America/New_York)');
    expect(rowsOf(csv)[0]?.split(',').slice(5)).toEqual([
      '2027-07-01 06:00:00',
      '2027-01-15 18:30:00',
    ]);
  });
});

describe('registrationsFileName', () => {
  it('names the file by the day the event starts and its id, in ASCII only', () => {
    expect(registrationsFileName({ id: '01JABC', startsAt: '2027-01-15T19:00:00+09:00' })).toBe(
      'registrations-2027-01-15-01JABC.csv',
    );
  });
});
