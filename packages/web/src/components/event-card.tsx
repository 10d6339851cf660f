import { Link } from 'react-router';

import type { EventView } from '../api/types.js';
import { formatEventSpan } from '../format/event-time.js';
import { useI18n } from '../i18n/language.js';

/** The facts a visitor needs to pick an evening: when, where, how, and whether there is room. */
export function EventFacts({ event }: { event: EventView }) {
  const { t, locale } = useI18n();
  // Seats and waitlist only matter while people can still come.
  const active = event.status === 'upcoming' || event.status === 'ongoing';
  const hasSeats = active && event.format !== 'online';

  return (
    <dl className="facts">
      <div>
        <dt>{t.event.when}</dt>
        <dd>
          <time dateTime={event.startsAt}>
            {formatEventSpan(event.startsAt, event.endsAt, event.timeZone, locale)}
          </time>
        </dd>
      </div>
      <div>
        <dt>{t.event.format}</dt>
        <dd>{t.formats[event.format]}</dd>
      </div>
      {event.venue !== undefined && (
        <div>
          <dt>{t.event.venue}</dt>
          <dd>
            {event.venue.name}
            {event.venue.address !== undefined && (
              <>
                <br />
                <span className="muted">{event.venue.address}</span>
              </>
            )}
          </dd>
        </div>
      )}
      {hasSeats && (
        <div>
          <dt>{t.event.seatsLeft}</dt>
          <dd>{t.event.seatsLeftValue(event.seatsLeft, event.onsiteCapacity)}</dd>
        </div>
      )}
      {hasSeats && (
        <div>
          <dt>{t.event.waitlist}</dt>
          <dd>{t.event.waitlistValue(event.waitlistLength)}</dd>
        </div>
      )}
    </dl>
  );
}

/** A status word shown only when it is news: a cancelled, ongoing or finished event. */
export function EventStatusBadge({ event }: { event: EventView }) {
  const { t } = useI18n();
  if (event.status === 'upcoming') return null;
  return <span className={`badge badge-${event.status}`}>{t.eventStatus[event.status]}</span>;
}

/** One event in a list, linking to its page; its title is a heading of the given level. */
export function EventCard({
  event,
  href,
  headingLevel,
}: {
  event: EventView;
  href?: string | undefined;
  headingLevel: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="card event-card">
      <Heading className="card-title">
        <Link to={href ?? `/events/${encodeURIComponent(event.id)}`}>{event.title}</Link>{' '}
        <EventStatusBadge event={event} />
      </Heading>
      <EventFacts event={event} />
    </article>
  );
}
