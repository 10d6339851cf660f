/**
 * Conversions between an instant and the wall-clock time of an IANA time zone, for the
 * organizer's `datetime-local` inputs: the browser's own zone is not the event's zone.
 */

const DAY_MS = 86_400_000;
const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Minutes to add to UTC to get the wall clock of `timeZone` at the instant `utcMs`. */
export function offsetMinutes(timeZone: string, utcMs: number): number {
  const parts = partsFormatter(timeZone).formatToParts(new Date(utcMs));
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  const wallAsUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  const wholeSeconds = Math.floor(utcMs / 1000) * 1000;
  return Math.round((wallAsUtc - wholeSeconds) / 60_000);
}

/** Whether the browser knows `timeZone` as an IANA zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads `2026-12-18T19:00` as a wall-clock time in `timeZone` and returns the ISO 8601 instant
 * with that zone's offset, e.g. `2026-12-18T19:00:00+09:00`; `undefined` when it is not a time.
 * A time skipped by a daylight-saving change moves forward to the first real time after it.
 */
export function zonedLocalToIso(local: string, timeZone: string): string | undefined {
  const match = LOCAL_PATTERN.exec(local);
  if (match === null || !isKnownTimeZone(timeZone)) return undefined;
  const part = (index: number) => Number(match[index] ?? 0);
  const wallAsUtc = Date.UTC(part(1), part(2) - 1, part(3), part(4), part(5), part(6));

  // The offset depends on the instant and the instant on the offset: try each offset the zone
  // has around that day and keep the instants whose offset agrees with the one assumed.
  const offsets = new Set(
    [wallAsUtc - DAY_MS, wallAsUtc, wallAsUtc + DAY_MS].map((at) => offsetMinutes(timeZone, at)),
  );
  const candidates = [...offsets].map((offset) => ({
    instant: wallAsUtc - offset * 60_000,
    offset,
  }));
  const consistent = candidates
    .filter(({ instant, offset }) => offsetMinutes(timeZone, instant) === offset)
    .map(({ instant }) => instant);
  // A repeated hour keeps its first occurrence; a skipped hour moves forward past the gap.
  const instant =
    consistent.length > 0
      ? Math.min(...consistent)
      : Math.max(...candidates.map((candidate) => candidate.instant));

  return isoWithOffset(instant, timeZone);
}

/** The instant `utcMs` written as ISO 8601 in the wall clock and offset of `timeZone`. */
export function isoWithOffset(utcMs: number, timeZone: string): string {
  const offset = offsetMinutes(timeZone, utcMs);
  const wall = new Date(utcMs + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${wall}${sign}${hours}:${minutes}`;
}

/** The `datetime-local` value (`2026-12-18T19:00`) showing `iso` on the wall clock of `timeZone`. */
export function isoToZonedLocal(iso: string, timeZone: string): string {
  const utcMs = Date.parse(iso);
  if (Number.isNaN(utcMs) || !isKnownTimeZone(timeZone)) return '';
  const offset = offsetMinutes(timeZone, utcMs);
  return new Date(utcMs + offset * 60_000).toISOString().slice(0, 16);
}
