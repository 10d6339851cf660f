/**
 * Times as the site shows them: on the wall clock of the event's own zone, followed by that
 * zone's name in the reader's language, so that a visitor in another zone is never misled.
 */

const rangeOptions: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
};

const instantOptions: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
};

function formatterFor(locale: string, timeZone: string | undefined, options: object) {
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone });
  } catch {
    // An unknown zone from the API should not break the page: fall back to the browser's zone.
    return new Intl.DateTimeFormat(locale, options);
  }
}

/**
 * The name of `timeZone` in the language of `locale`: 日本標準時 / Japan Standard Time,
 * 米国東部時間 / Eastern Time. The generic long name is the one `Intl` gives in both languages
 * (the short one is "JST" in Japanese but "GMT+9" in English). The zone id itself stands in
 * when the browser does not know the zone.
 */
export function timeZoneName(timeZone: string, locale: string, at: Date = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat(locale, {
      timeZone,
      timeZoneName: 'longGeneric',
    }).formatToParts(at);
    return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

/** `text` followed by the name of the zone `formatter` writes its times in. */
function withZoneName(text: string, formatter: Intl.DateTimeFormat, locale: string, at: Date) {
  // Written separately because a formatted range ignores the length asked for the zone name.
  return `${text} ${timeZoneName(formatter.resolvedOptions().timeZone, locale, at)}`;
}

/**
 * "2026年12月18日(金) 19時00分～21時00分 日本標準時": the event's span on the wall clock of its
 * own zone, with that zone's name.
 */
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
  const span =
    Number.isNaN(end.getTime()) || end < start
      ? formatter.format(start)
      : formatter.formatRange(start, end);
  return withZoneName(span, formatter, locale, start);
}

/**
 * "2026年12月5日 2:58 日本標準時": a moment such as a registration's creation, in the event's zone
 * (the browser's when none is given or the zone is unknown), with the zone's name.
 */
export function formatInstant(iso: string, locale: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const formatter = formatterFor(locale, timeZone, instantOptions);
  return withZoneName(formatter.format(date), formatter, locale, date);
}
