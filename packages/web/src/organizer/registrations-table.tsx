import { useState } from 'react';

import { checkIn, listRegistrations, undoCheckIn } from '../api/organizer-api.js';
import type { Page, RegistrationView } from '../api/types.js';
import { problemText } from '../components/problems.js';
import { AlertRegion, Loaded, StatusRegion } from '../components/status.js';
import { useLoader } from '../components/use-loader.js';
import { formatInstant } from '../format/event-time.js';
import { useI18n } from '../i18n/language.js';
import { useOrganizer } from './session.js';

/** How a name or address is compared with what the organizer types: width and case folded. */
function searchable(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

function matches(registration: RegistrationView, query: string): boolean {
  const wanted = searchable(query);
  return (
    searchable(registration.name).includes(wanted) ||
    searchable(registration.email).includes(wanted)
  );
}

/** Only a confirmed onsite registration holds a seat to check in at the door. */
function checkable(registration: RegistrationView): boolean {
  return registration.status === 'confirmed' && registration.attendance === 'onsite';
}

/**
 * Everyone registered for an event, a page at a time, with times in the event's `timeZone`.
 * The columns an organizer checks at the door come first, so a phone shows them without
 * scrolling; the table scrolls sideways in its own focusable region when it is wider. At the
 * door, the filter finds a person by name or e-mail (loading every page once it is used) and
 * each confirmed onsite row has its check-in button under the name.
 */
export function RegistrationsTable({
  eventId,
  timeZone,
  checkedInCount,
  confirmedOnsite,
  onCheckInChanged,
}: {
  eventId: string;
  timeZone: string;
  checkedInCount: number;
  confirmedOnsite: number;
  /** Told after a check-in or an undo, so the page can show the new count. */
  onCheckInChanged: () => void;
}) {
  const { t, locale } = useI18n();
  const { call } = useOrganizer();
  const loader = useLoader(
    (signal) => call((token) => listRegistrations(token, eventId, undefined, signal)),
    [eventId],
  );
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string>();
  const [announcement, setAnnouncement] = useState<string>();
  const [query, setQuery] = useState('');
  const [busyId, setBusyId] = useState<string>();

  async function more(page: Page<RegistrationView>, cursor: string, toTheEnd = false) {
    setLoadingMore(true);
    setError(undefined);
    try {
      const items = [...page.items];
      let next: string | undefined = cursor;
      do {
        const loaded = await call((token) => listRegistrations(token, eventId, next));
        items.push(...loaded.items);
        next = loaded.nextCursor;
      } while (toTheEnd && next !== undefined);
      loader.setData({ items, nextCursor: next });
    } catch (cause) {
      setError(problemText(cause, t));
    } finally {
      setLoadingMore(false);
    }
  }

  async function toggleCheckIn(page: Page<RegistrationView>, registration: RegistrationView) {
    const undo = registration.checkedInAt !== undefined;
    setBusyId(registration.id);
    setError(undefined);
    setAnnouncement(undefined);
    try {
      const changed = await call((token) =>
        (undo ? undoCheckIn : checkIn)(token, eventId, registration.id),
      );
      loader.setData({
        ...page,
        items: page.items.map((item) => (item.id === changed.id ? changed : item)),
      });
      setAnnouncement(
        undo
          ? t.organizerEvent.checkInUndone(changed.name)
          : t.organizerEvent.checkedInNow(changed.name),
      );
      onCheckInChanged();
    } catch (cause) {
      setError(problemText(cause, t));
    } finally {
      setBusyId(undefined);
    }
  }

  return (
    <Loaded state={loader.state}>
      {(page) => {
        const shown =
          query.trim() === '' ? page.items : page.items.filter((r) => matches(r, query));
        return (
          <>
            <p className="check-in-count">
              <strong>{t.organizerEvent.checkedInCount(checkedInCount, confirmedOnsite)}</strong>
            </p>
            {page.items.length > 0 && (
              <div className="field registration-filter">
                <label htmlFor="registration-filter">{t.organizerEvent.filterLabel}</label>
                <input
                  id="registration-filter"
                  type="search"
                  autoComplete="off"
                  enterKeyHint="search"
                  value={query}
                  onChange={(change) => {
                    setQuery(change.currentTarget.value);
                    // A person may be on a page not loaded yet: fetch the rest once.
                    if (page.nextCursor !== undefined && !loadingMore) {
                      void more(page, page.nextCursor, true);
                    }
                  }}
                />
              </div>
            )}
            <StatusRegion>
              {announcement !== undefined && <p className="notice notice-ok">{announcement}</p>}
            </StatusRegion>
            <AlertRegion message={error} />
            {page.items.length === 0 ? (
              <p>{t.organizerEvent.noRegistrations}</p>
            ) : shown.length === 0 ? (
              <p>{t.organizerEvent.filterNone(query)}</p>
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
                    {shown.map((registration) => (
                      <tr
                        key={registration.id}
                        className={
                          registration.checkedInAt === undefined ? undefined : 'row-checked-in'
                        }
                      >
                        <td className="column-name">
                          {registration.name}
                          {checkable(registration) && (
                            <CheckInControl
                              registration={registration}
                              busy={busyId === registration.id}
                              onToggle={() => void toggleCheckIn(page, registration)}
                            />
                          )}
                        </td>
                        <td>
                          <span className="nowrap">
                            {t.registrationStatus[registration.status]}
                          </span>
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
        );
      }}
    </Loaded>
  );
}

/** The check-in button of one row, or the checked-in mark with its undo button. */
function CheckInControl({
  registration,
  busy,
  onToggle,
}: {
  registration: RegistrationView;
  busy: boolean;
  onToggle: () => void;
}) {
  const { t } = useI18n();
  if (registration.checkedInAt === undefined) {
    return (
      <button
        type="button"
        className="button-small check-in-button"
        aria-label={t.organizerEvent.checkInLabel(registration.name)}
        disabled={busy}
        onClick={onToggle}
      >
        {t.organizerEvent.checkIn}
      </button>
    );
  }
  return (
    <span className="checked-in">
      <span className="checked-in__mark">✓ {t.organizerEvent.checkedIn}</span>{' '}
      <button
        type="button"
        className="button-small button-secondary"
        aria-label={t.organizerEvent.undoCheckInLabel(registration.name)}
        disabled={busy}
        onClick={onToggle}
      >
        {t.organizerEvent.undoCheckIn}
      </button>
    </span>
  );
}
