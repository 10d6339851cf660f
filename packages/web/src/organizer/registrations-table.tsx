import { useState } from 'react';

import { listRegistrations } from '../api/organizer-api.js';
import type { Page, RegistrationView } from '../api/types.js';
import { problemText } from '../components/problems.js';
import { AlertRegion, Loaded } from '../components/status.js';
import { useLoader } from '../components/use-loader.js';
import { formatInstant } from '../format/event-time.js';
import { useI18n } from '../i18n/language.js';
import { useOrganizer } from './session.js';

/**
 * Everyone registered for an event, a page at a time, with times in the event's `timeZone`.
 * The columns an organizer checks at the door come first, so a phone shows them without
 * scrolling; the table scrolls sideways in its own focusable region when it is wider.
 */
export function RegistrationsTable({ eventId, timeZone }: { eventId: string; timeZone: string }) {
  const { t, locale } = useI18n();
  const { call } = useOrganizer();
  const loader = useLoader(
    (signal) => call((token) => listRegistrations(token, eventId, undefined, signal)),
    [eventId],
  );
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string>();

  async function more(page: Page<RegistrationView>, cursor: string) {
    setLoadingMore(true);
    setError(undefined);
    try {
      const next = await call((token) => listRegistrations(token, eventId, cursor));
      loader.setData({ items: [...page.items, ...next.items], nextCursor: next.nextCursor });
    } catch (cause) {
      setError(problemText(cause, t));
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <Loaded state={loader.state}>
      {(page) => (
        <>
          {page.items.length === 0 ? (
            <p>{t.organizerEvent.noRegistrations}</p>
          ) : (
            <div
              className="table-scroll"
              role="region"
              aria-label={t.organizerEvent.registrationsTable}
              tabIndex={0}
            >
              <table>
                <thead>
                  <tr>
                    <th scope="col" className="column-name">
                      {t.register.name}
                    </th>
                    <th scope="col">{t.manage.status}</th>
                    <th scope="col">{t.organizerEvent.attendanceColumn}</th>
                    <th scope="col">{t.manage.registeredAt}</th>
                    <th scope="col">{t.register.email}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((registration) => (
                    <tr key={registration.id}>
                      <td className="column-name">{registration.name}</td>
                      <td>
                        <span className="nowrap">{t.registrationStatus[registration.status]}</span>
                        {registration.waitlistPosition !== undefined && (
                          <>
                            {' '}
                            <span className="nowrap">
                              {t.manageRegistration.position(registration.waitlistPosition)}
                            </span>
                          </>
                        )}
                      </td>
                      <td className="nowrap">{t.attendanceShort[registration.attendance]}</td>
                      <td className="keep-words">
                        <time dateTime={registration.createdAt}>
                          {formatInstant(registration.createdAt, locale, timeZone)}
                        </time>
                      </td>
                      <td className="nowrap">{registration.email}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <AlertRegion message={error} />
          {page.nextCursor !== undefined && (
            <button
              type="button"
              className="button-secondary"
              disabled={loadingMore}
              onClick={() => void more(page, page.nextCursor ?? '')}
            >
              {loadingMore ? t.common.loading : t.common.loadMore}
            </button>
          )}
        </>
      )}
    </Loaded>
  );
}
