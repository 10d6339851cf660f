const rangeOptions: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};

function formatterFor(locale: string, timeZone: string | undefined, options: object) {
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone });
  } catch {
    // An unknown zone from the API should not break the page: fall back to the browser's zone.
    return new Intl.DateTimeFormat(locale, options);
  }
}

/** "2026年12月18日(金) 19:00～21:00 JST": the event's span on the wall clock of its own zone. */
export function formatEventSpan(
  startsAt: string,
  endsAt: string,
  timeZone: string,
  locale: string,
): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  if (Number.isNaN(start.getTime())) return startsAt;
  const formatter = formatterFor(locale, timeZone, rangeOptions);
  if (Number.isNaN(end.getTime()) || end < start) return formatter.format(start);
  return formatter.formatRange(start, end);
}

/** A moment such as a registration's creation, in the browser's zone or the one given. */
export function formatInstant(iso: string, locale: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatterFor(locale, timeZone, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
