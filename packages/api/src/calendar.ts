import type { LtcEvent } from '@ltc/domain';
import ical, { ICalEventStatus } from 'ical-generator';

/** The media type of an iCalendar answer. */
export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/**
 * The domain that makes each event's UID unique worldwide. It never changes with the stage or
 * the host a feed was fetched from, so a calendar keeps recognising an event it already has.
 */
const UID_DOMAIN = 'xn--6wym69a.com';

export interface CalendarOptions {
  /** The calendar's name, as a calendar app shows it. */
  readonly name: string;
  /** Origin of the web app (`https://xn--6wym69a.com`), for the link to each event page. */
  readonly siteOrigin: string;
}

/** The stable UID of an event in every calendar the API hands out. */
export function calendarUid(eventId: string): string {
  return `event-${eventId}@${UID_DOMAIN}`;
}

/**
 * An iCalendar (RFC 5545) document of events. Times are written in UTC, which every calendar
 * app shows in its own zone, so no zone definitions have to travel with the file. The stamp
 * of each entry is the event's last change: the same events give the same bytes, and a
 * calendar sees a changed event as changed.
 */
export function eventsCalendar(events: readonly LtcEvent[], options: CalendarOptions): string {
  const calendar = ical({
    name: options.name,
    prodId: { company: 'Lightning Talk Circle', product: 'events', language: 'JA' },
  });
  for (const event of events) {
    const url = `${options.siteOrigin}/events/${encodeURIComponent(event.id)}`;
    calendar.createEvent({
      id: calendarUid(event.id),
      start: new Date(event.startsAt),
      end: new Date(event.endsAt),
      stamp: new Date(event.updatedAt),
      summary: event.title,
      description: `${event.description}\n\n${url}`,
      location: locationOf(event),
      url,
      status: event.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

/** Where the event happens, as one line: the venue and its address, or online. */
function locationOf(event: LtcEvent): string {
  const place =
    event.venue === undefined
      ? undefined
      : [event.venue.name, event.venue.address].filter((part) => part !== undefined).join(', ');
  if (event.format === 'online') return 'Online / オンライン';
  if (event.format === 'hybrid' && place !== undefined) return `${place} / Online / オンライン`;
  return place ?? '';
}
