import { Link } from 'react-router';

import { listEvents } from '../api/public-api.js';
import type { EventsWhen } from '../api/types.js';
import { EventList } from '../components/event-list.js';
import { useDocumentTitle } from '../components/use-document-title.js';
import { useLoader } from '../components/use-loader.js';
import { useI18n } from '../i18n/language.js';

/** The iCalendar feed of every upcoming and recent event. */
const CALENDAR_FEED_PATH = '/api/calendar.ics';

/** The home page (upcoming events) and the archive (past events): the same cards. */
export function EventsPage({ when }: { when: EventsWhen }) {
  const { t } = useI18n();
  const loader = useLoader((signal) => listEvents(when, undefined, signal), [when]);
  const heading = when === 'upcoming' ? t.events.upcomingHeading : t.events.pastHeading;
  useDocumentTitle(when === 'upcoming' ? undefined : heading);

  return (
    <>
      <h1>{heading}</h1>
      {when === 'upcoming' && <p className="lead">{t.events.intro}</p>}
      <EventList
        loader={loader}
        headingLevel={2}
        loadMore={(cursor) => listEvents(when, cursor)}
        emptyText={when === 'upcoming' ? t.events.noUpcoming : t.events.noPast}
      />
      {/* Shown with the list, not above the space it will take: the list must not push them. */}
      {loader.state.status !== 'loading' && (
        <>
          <p className="more-link">
            {when === 'upcoming' ? (
              <Link to="/past">{t.events.toPast}</Link>
            ) : (
              <Link to="/">{t.events.toUpcoming}</Link>
            )}
          </p>
          {when === 'upcoming' && (
            <p className="calendar-link">
              {/* A plain link: calendar apps subscribe to its address, the API serves the feed. */}
              <a href={CALENDAR_FEED_PATH} type="text/calendar">
                {t.events.followCalendar}
              </a>
              <br />
              <span className="hint">{t.events.followCalendarHint}</span>
            </p>
          )}
        </>
      )}
    </>
  );
}
