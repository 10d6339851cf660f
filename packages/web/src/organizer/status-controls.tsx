import { useState } from 'react';

import { changeEventStatus } from '../api/organizer-api.js';
import type { EventStatus, OrganizerEventView } from '../api/types.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { problemText } from '../components/problems.js';
import { AlertRegion } from '../components/status.js';
import { useI18n } from '../i18n/language.js';
import { useOrganizer } from './session.js';

/** Buttons for the status changes allowed from the current one; cancelling asks first. */
export function StatusControls({
  event,
  onChanged,
}: {
  event: OrganizerEventView;
  onChanged: (event: OrganizerEventView) => void;
}) {
  const { t } = useI18n();
  const { call } = useOrganizer();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();

  async function change(status: EventStatus) {
    setSending(true);
    setError(undefined);
    try {
      onChanged(await call((token) => changeEventStatus(token, event.id, status)));
    } catch (cause) {
      setError(problemText(cause, t));
    } finally {
      setSending(false);
    }
  }

  const next = event.nextStatuses;
  return (
    <>
      <p>
        {t.organizerEvent.currentStatus}{' '}
        <strong className={`badge badge-${event.status}`}>{t.eventStatus[event.status]}</strong>
      </p>
      <AlertRegion message={error} />
      {next.length === 0 ? (
        <p className="hint">{t.organizerEvent.statusFinal}</p>
      ) : (
        <div className="button-row">
          {next.map((status) =>
            status === 'cancelled' ? (
              <ConfirmButton
                key={status}
                label={t.organizerEvent.moveTo.cancelled}
                question={t.organizerEvent.cancelQuestion}
                confirmLabel={t.organizerEvent.cancelConfirm}
                keepLabel={t.organizerEvent.cancelKeep}
                busy={sending}
                onConfirm={() => void change(status)}
              />
            ) : (
              <button
                key={status}
                type="button"
                disabled={sending}
                onClick={() => void change(status)}
              >
                {t.organizerEvent.moveTo[status]}
              </button>
            ),
          )}
        </div>
      )}
    </>
  );
}
