import type { Attendance, LtcEvent, Registration, RegistrationStatus } from '@ltc/domain';
import { stringify } from 'csv-stringify/sync';

/** The media type of the participant export. */
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

export type ExportLanguage = 'ja' | 'en';

interface ExportWords {
  readonly columns: (timeZone: string) => readonly string[];
  readonly attendance: Readonly<Record<Attendance, string>>;
  readonly status: Readonly<Record<RegistrationStatus, string>>;
}

const WORDS: Readonly<Record<ExportLanguage, ExportWords>> = {
  ja: {
    columns: (zone) => [
      '名前',
      'メールアドレス',
      '参加方法',
      '状態',
      'キャンセル待ち順',
      `登録日時 (${zone})`,
      `チェックイン日時 (${zone})`,
    ],
    attendance: { onsite: '会場', online: 'オンライン' },
    status: { confirmed: '確定', waitlisted: 'キャンセル待ち', cancelled: 'キャンセル' },
  },
  en: {
    columns: (zone) => [
      'Name',
      'E-mail',
      'Attendance',
      'Status',
      'Waitlist position',
      `Registered at (${zone})`,
      `Checked in at (${zone})`,
    ],
    attendance: { onsite: 'Onsite', online: 'Online' },
    status: { confirmed: 'Confirmed', waitlisted: 'Waitlisted', cancelled: 'Cancelled' },
  },
};

/** The export's file name: ASCII only, as every browser and spreadsheet takes it. */
export function registrationsFileName(event: Pick<LtcEvent, 'id' | 'startsAt'>): string {
  const day = new Date(event.startsAt).toISOString().slice(0, 10);
  return `registrations-${day}-${event.id.replace(/[^0-9A-Za-z]/g, '')}.csv`;
}

/**
 * The registrations of an event as CSV for a spreadsheet: a byte order mark, so that Excel reads
 * the Japanese names as UTF-8; CRLF line ends; one header row; times in the event's zone.
 * A cell that starts like a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe,
 * so a name typed by a participant can never run as a formula in the organizer's spreadsheet.
 *
 * @param waitlist the waitlisted registrations' ids in queue order, for their positions
 */
export function registrationsCsv(
  event: Pick<LtcEvent, 'timeZone'>,
  registrations: readonly Registration[],
  waitlist: readonly string[],
  language: ExportLanguage,
): string {
  const words = WORDS[language];
  const positions = new Map(waitlist.map((id, index) => [id, index + 1]));
  const time = (instant: string | undefined) =>
    instant === undefined ? '' : zonedTime(instant, event.timeZone);
  const rows = registrations.map((registration) => [
    registration.name,
    registration.email,
    words.attendance[registration.attendance],
    words.status[registration.status],
    registration.status === 'waitlisted' ? String(positions.get(registration.id) ?? '') : '',
    time(registration.createdAt),
    time(registration.checkedInAt),
  ]);
  return stringify([words.columns(event.timeZone), ...rows], {
    bom: true,
    record_delimiter: '\r\n',
    escape_formulas: true,
    // A line break inside a cell must be quoted whatever the record delimiter is.
    quoted_match: /[\r\n]/,
  });
}

/** `2026-12-18 19:03:05` in `timeZone`: sortable, and read as a date by spreadsheets. */
function zonedTime(instant: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
