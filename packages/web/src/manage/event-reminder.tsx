import { Link } from 'react-router';

import { getEvent } from '../api/public-api.js';
import type { EventDetails } from '../api/types.js';
import { useLoader, type LoadState } from '../components/use-loader.js';
import { formatEventSpan } from '../format/event-time.js';
import { useI18n } from '../i18n/language.js';

/** The event a private page is about, loaded once for its reminder and its time zone. */
export function useEventOf(eventId: string): LoadState<EventDetails> {
  return useLoader((signal) => getEvent(eventId, signal), [eventId]).state;
}

/**
 * Which event a private page is about: its title, linking to the event page, and its time.
 * While it loads, or if it cannot be loaded, a plain link to the event page stands in.
 */
export function EventReminder({
  eventId,
  event,
}: {
  eventId: string;
  event: LoadState<EventDetails>;
}) {
  const { t, locale } = useI18n();
  const href = `/events/${encodeURIComponent(eventId)}`;

  if (event.status !== 'loaded') {
    return (
      <p>
        <Link to={href}>{t.manage.toEvent}</Link>
      </p>
    );
  }
  const { data } = event;
  return (
    <p className="event-reminder">
      <Link to={href}>{data.title}</Link>
      <br />
      <time dateTime={data.startsAt}>
        {formatEventSpan(data.startsAt, data.endsAt, data.timeZone, locale)}
      </time>
      {data.status !== 'upcoming' && <> ({t.eventStatus[data.status]})</>}
    </p>
  );
}
