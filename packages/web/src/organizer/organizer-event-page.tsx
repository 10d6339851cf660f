import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';

import { getOrganizerEvent, updateEvent } from '../api/organizer-api.js';
import type { OrganizerEventView } from '../api/types.js';
import { EventFacts, EventStatusBadge } from '../components/event-card.js';
import { Loaded, StatusRegion } from '../components/status.js';
import { useDocumentTitle } from '../components/use-document-title.js';
import { useLoader } from '../components/use-loader.js';
import { useI18n } from '../i18n/language.js';
import { EventForm } from './event-form.js';
import { LiveConsole } from './live-console.js';
import { RegistrationsDownload } from './registrations-download.js';
import { RegistrationsTable } from './registrations-table.js';
import { useOrganizer } from './session.js';
import { StatusControls } from './status-controls.js';
import { TalkReview } from './talk-review.js';

function wasJustCreated(state: unknown): boolean {
  return (
    typeof state === 'object' && state !== null && 'created' in state && state.created === true
  );
}

/** Everything an organizer does with one event: edit, move its status, talks, registrations. */
export function OrganizerEventPage() {
  const { eventId = '' } = useParams();
  const location = useLocation();
  const { t } = useI18n();
  const { call } = useOrganizer();
  const loader = useLoader(
    (signal) => call((token) => getOrganizerEvent(token, eventId, signal)),
    [eventId],
  );
  const [status, setStatus] = useState<string | undefined>(
    wasJustCreated(location.state) ? t.organizerEvent.created : undefined,
  );
  // The edit form starts afresh only after it saved, not when a review or status change reloads.
  const [formRound, setFormRound] = useState(0);
  // Talks reviewed or reordered below change the running order the live console shows.
  const [talksRound, setTalksRound] = useState(0);
  useDocumentTitle(loader.state.status === 'loaded' ? loader.state.data.title : undefined);

  function changed(event: OrganizerEventView, message: string) {
    loader.setData(event);
    setStatus(message);
  }

  // A wider page than the others: the registrations table needs the room on a desktop screen.
  return (
    <div className="page-wide">
      <p>
        <Link to="/organizer">{t.organizerEvent.back}</Link>
      </p>
      <StatusRegion>
        {status !== undefined && <p className="notice notice-ok">{status}</p>}
      </StatusRegion>
      <Loaded state={loader.state}>
        {(event) => (
          <>
            <h1>
              {event.title} <EventStatusBadge event={event} />
            </h1>
            <p>
              <Link to={`/events/${encodeURIComponent(event.id)}`}>
                {t.organizerEvent.publicPage}
              </Link>
            </p>
            <EventFacts event={event} />
            <p className="muted">
              {t.organizerEvent.counts(
                event.confirmedOnsite,
                event.onsiteCapacity,
                event.waitlistLength,
                event.onlineCount,
              )}
            </p>

            <section aria-labelledby="status-heading" className="panel">
              <h2 id="status-heading">{t.organizerEvent.statusHeading}</h2>
              <StatusControls
                event={event}
                onChanged={(next) => {
                  changed(next, t.organizerEvent.statusChanged(t.eventStatus[next.status]));
                }}
              />
            </section>

            <section aria-labelledby="talks-review-heading" className="panel">
              <h2 id="talks-review-heading">
                {t.talks.heading}{' '}
                <span className="muted">
                  {t.talks.count(event.acceptedTalkCount, event.talkLimit)}
                </span>
              </h2>
              <TalkReview
                eventId={event.id}
                onReviewed={() => {
                  loader.reload();
                  setTalksRound((round) => round + 1);
                }}
                onRunningOrderSaved={() => {
                  setTalksRound((round) => round + 1);
                }}
              />
            </section>

            {(event.status === 'upcoming' || event.status === 'ongoing') && (
              <section aria-labelledby="live-console-heading" className="panel">
                <h2 id="live-console-heading">{t.liveConsole.heading}</h2>
                <LiveConsole eventId={event.id} eventStatus={event.status} reloadKey={talksRound} />
              </section>
            )}

            <section aria-labelledby="registrations-heading" className="panel">
              <h2 id="registrations-heading">{t.organizerEvent.registrationsHeading}</h2>
              <RegistrationsDownload eventId={event.id} />
              <RegistrationsTable
                eventId={event.id}
                timeZone={event.timeZone}
                checkedInCount={event.checkedInCount}
                confirmedOnsite={event.confirmedOnsite}
                onCheckInChanged={loader.reload}
              />
            </section>

            <section aria-labelledby="edit-heading" className="panel">
              <h2 id="edit-heading">{t.organizerEvent.editHeading}</h2>
              <EventForm
                key={formRound}
                event={event}
                submitLabel={t.common.save}
                onUpdate={async (input) => {
                  const saved = await call((token) => updateEvent(token, event.id, input));
                  changed(saved, t.organizerEvent.saved);
                  setFormRound((round) => round + 1);
                }}
              />
            </section>
          </>
        )}
      </Loaded>
    </div>
  );
}
