import { useState } from 'react';

import { listRegistrations } from '../api/organizer-api.js';
import type { Page, RegistrationView } from '../api/types.js';
import { problemText } from '../components/problems.js';
import { AlertRegion, Loaded } from '../components/status.js';
import { useLoader } from '../components/use-loader.js';
import { formatInstant } from '../format/event-time.js';
import { useI18n } from '../i18n/language.js';
import { useOrganizer } from './session.js';

/** Everyone registered for an event, a page at a time. */
export function RegistrationsTable({ eventId }: { eventId: string }) {
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
              aria-labelledby="registrations-heading"
              tabIndex={0}
            >
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t.register.name}</th>
                    <th scope="col">{t.register.email}</th>
                    <th scope="col">{t.register.attendance}</th>
                    <th scope="col">{t.manage.status}</th>
                    <th scope="col">{t.manage.registeredAt}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((registration) => (
                    <tr key={registration.id}>
                      <td>{registration.name}</td>
                      <td>{registration.email}</td>
                      <td>{t.attendance[registration.attendance]}</td>
                      <td>
                        {t.registrationStatus[registration.status]}
                        {registration.waitlistPosition !== undefined &&
                          ` (${t.manageRegistration.position(registration.waitlistPosition)})`}
                      </td>
                      <td>{formatInstant(registration.createdAt, locale)}</td>
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
