import { Link } from 'react-router';

import { getEvent } from '../api/public-api.js';
import { useLoader } from '../components/use-loader.js';
import { formatEventSpan } from '../format/event-time.js';
import { useI18n } from '../i18n/language.js';

/**
 * Which event a private page is about: its title, linking to the event page, and its time.
 * While it loads, or if it cannot be loaded, a plain link to the event page stands in.
 */
export function EventReminder({ eventId }: { eventId: string }) {
  const { t, locale } = useI18n();
  const loader = useLoader((signal) => getEvent(eventId, signal), [eventId]);
  const href = `/events/${encodeURIComponent(eventId)}`;

  if (loader.state.status !== 'loaded') {
    return (
      <p>
        <Link to={href}>{t.manage.toEvent}</Link>
      </p>
    );
  }
  const event = loader.state.data;
  return (
    <p className="event-reminder">
      <Link to={href}>{event.title}</Link>
      <br />
      <time dateTime={event.startsAt}>
        {formatEventSpan(event.startsAt, event.endsAt, event.timeZone, locale)}
      </time>
      {event.status !== 'upcoming' && <> ({t.eventStatus[event.status]})</>}
    </p>
  );
}
