import { useNavigate } from 'react-router';

import { hasStatus } from '../api/client.js';
import { createEvent, getMe, listOrganizerEvents } from '../api/organizer-api.js';
import type { EventsWhen, OrganizerEventView } from '../api/types.js';
import { EventList } from '../components/event-list.js';
import { problemText } from '../components/problems.js';
import { useDocumentTitle } from '../components/use-document-title.js';
import { useLoader } from '../components/use-loader.js';
import { useI18n } from '../i18n/language.js';
import { EventForm } from './event-form.js';
import { signedInName, useOrganizer } from './session.js';

const organizerHref = (event: OrganizerEventView) =>
  `/organizer/events/${encodeURIComponent(event.id)}`;

function OrganizerEvents({ when, heading }: { when: EventsWhen; heading: string }) {
  const { t } = useI18n();
  const { call } = useOrganizer();
  const loader = useLoader(
    (signal) => call((token) => listOrganizerEvents(token, when, undefined, signal)),
    [when],
  );
  return (
    <section aria-labelledby={`${when}-heading`}>
      <h2 id={`${when}-heading`}>{heading}</h2>
      <EventList
        loader={loader}
        headingLevel={3}
        loadMore={(cursor) => call((token) => listOrganizerEvents(token, when, cursor))}
        emptyText={when === 'upcoming' ? t.events.noUpcoming : t.events.noPast}
        hrefOf={organizerHref}
      />
    </section>
  );
}

/** The organizer's start: who is signed in, a new event, and every event to manage. */
export function OrganizerHomePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { call, signOut } = useOrganizer();
  const me = useLoader((signal) => call((token) => getMe(token, signal)), []);
  useDocumentTitle(t.organizer.heading);

  return (
    <>
      <div className="title-row">
        <h1>{t.organizer.heading}</h1>
        <div className="signed-in">
          {me.state.status === 'loaded' && (
            // Cognito names a user by an internal id; what the organizer typed reads better.
            <span>{t.organizer.signedInAs(signedInName() ?? me.state.data.username)}</span>
          )}{' '}
          <button type="button" className="button-secondary" onClick={signOut}>
            {t.organizer.signOut}
          </button>
        </div>
      </div>
      {me.state.status === 'failed' && (
        <p className="notice notice-error" role="alert">
          {hasStatus(me.state.error, 403)
            ? t.organizer.notOrganizer
            : problemText(me.state.error, t)}
        </p>
      )}

      <OrganizerEvents when="upcoming" heading={t.events.upcomingHeading} />

      <section aria-labelledby="new-event-heading" className="panel">
        <h2 id="new-event-heading">{t.organizer.newEvent}</h2>
        <EventForm
          submitLabel={t.organizer.create}
          onCreate={async (input) => {
            const created = await call((token) => createEvent(token, input));
            void navigate(organizerHref(created), { state: { created: true } });
          }}
        />
      </section>

      <OrganizerEvents when="past" heading={t.events.pastHeading} />
    </>
  );
}
