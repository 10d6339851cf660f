import { Link, useParams } from 'react-router';

import { getEvent } from '../api/public-api.js';
import type { EventView } from '../api/types.js';
import { EventFacts, EventStatusBadge } from '../components/event-card.js';
import { Loaded } from '../components/status.js';
import { useDocumentTitle } from '../components/use-document-title.js';
import { useLoader } from '../components/use-loader.js';
import { useI18n } from '../i18n/language.js';
import { RegistrationForm } from './registration-form.js';
import { TalkList } from './talk-list.js';
import { TalkSubmissionForm } from './talk-submission-form.js';

function isEventActive(event: EventView): boolean {
  return event.status === 'upcoming' || event.status === 'ongoing';
}

/** One event: what it is, its talks, and the forms to attend or to speak. */
export function EventPage() {
  const { eventId = '' } = useParams();
  const { t } = useI18n();
  const loader = useLoader((signal) => getEvent(eventId, signal), [eventId]);
  useDocumentTitle(loader.state.status === 'loaded' ? loader.state.data.title : undefined);

  return (
    <Loaded state={loader.state}>
      {(event) => (
        <article className="event">
          <h1>
            {event.title} <EventStatusBadge event={event} />
          </h1>
          {event.status === 'cancelled' && (
            <p className="notice notice-error">{t.event.cancelledNotice}</p>
          )}
          {event.status === 'completed' && <p className="notice">{t.event.finishedNotice}</p>}
          {event.status === 'ongoing' && (
            <p className="notice notice-ok live-link">
              <Link to={`/events/${encodeURIComponent(event.id)}/live`}>{t.live.followLive}</Link>
            </p>
          )}
          <EventFacts event={event} />
          <p className="multiline description">{event.description}</p>
          {event.status !== 'cancelled' && (
            <p className="calendar-link">
              <a
                href={`/api/events/${encodeURIComponent(event.id)}/calendar.ics`}
                type="text/calendar"
                download
              >
                {t.event.addToCalendar}
              </a>
            </p>
          )}

          <section aria-labelledby="talks-heading">
            <h2 id="talks-heading">
              {t.talks.heading}{' '}
              <span className="muted">
                {t.talks.count(event.acceptedTalkCount, event.talkLimit)}
              </span>
            </h2>
            <TalkList talks={event.talks} />
          </section>

          {/* A finished or cancelled night is an archive page: nothing left to sign up for. */}
          {isEventActive(event) && (
            <>
              <section aria-labelledby="register-heading" className="panel">
                <h2 id="register-heading">{t.register.heading}</h2>
                <RegistrationForm event={event} onRegistered={loader.reload} />
              </section>

              <section aria-labelledby="submit-heading" className="panel">
                <h2 id="submit-heading">{t.talkForm.heading}</h2>
                <TalkSubmissionForm event={event} />
              </section>
            </>
          )}
        </article>
      )}
    </Loaded>
  );
}
