import { useState, type SubmitEvent } from 'react';

import {
  cancelRegistration,
  getRegistration,
  renameRegistration,
  type ManagedEntry,
} from '../api/public-api.js';
import type { EventDetails, RegistrationView } from '../api/types.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { TextField } from '../components/fields.js';
import { ExternalLink } from '../components/links.js';
import { formErrorsFrom, problemText } from '../components/problems.js';
import { AlertRegion, Loaded, StatusRegion } from '../components/status.js';
import { useDocumentTitle } from '../components/use-document-title.js';
import { requiredErrors, useFormErrors } from '../components/use-form-errors.js';
import { useLoader, type LoadState } from '../components/use-loader.js';
import { formatInstant } from '../format/event-time.js';
import { useI18n } from '../i18n/language.js';
import type { Messages } from '../i18n/messages-ja.js';
import { EventReminder, useEventOf } from './event-reminder.js';
import { useManagedEntry } from './use-managed-entry.js';

/** The private page of one registration: its state, a new name, or a cancellation. */
export function ManageRegistrationPage() {
  const { t } = useI18n();
  const entry = useManagedEntry('registrationId');
  useDocumentTitle(t.manageRegistration.heading);

  return (
    <>
      <h1>{t.manageRegistration.heading}</h1>
      {entry === undefined ? (
        <p className="notice notice-error">{t.manage.linkIncomplete}</p>
      ) : (
        <RegistrationPanel entry={entry} />
      )}
    </>
  );
}

function RegistrationPanel({ entry }: { entry: ManagedEntry }) {
  const { t } = useI18n();
  const loader = useLoader(
    (signal) => getRegistration(entry, signal),
    [entry.eventId, entry.id, entry.token],
  );
  const event = useEventOf(entry.eventId);
  const [status, setStatus] = useState<string>();

  function changed(registration: RegistrationView, message: string) {
    loader.setData(registration);
    setStatus(message);
  }

  return (
    <>
      <EventReminder eventId={entry.eventId} event={event} />
      <StatusRegion>
        {status !== undefined && <p className="notice notice-ok">{status}</p>}
      </StatusRegion>
      <Loaded state={loader.state}>
        {(registration) => (
          <>
            <RegistrationSummary registration={registration} event={event} />
            {registration.status !== 'cancelled' && (
              <>
                <RenameForm
                  entry={entry}
                  registration={registration}
                  onRenamed={(next) => {
                    changed(next, t.manageRegistration.renamed);
                  }}
                />
                <CancelRegistration
                  entry={entry}
                  registration={registration}
                  onCancelled={(next) => {
                    changed(next, t.manageRegistration.cancelled);
                  }}
                />
              </>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}

/**
 * An instant of the registration, in the event's zone once the event is known; in the browser's
 * zone, still named, if the event cannot be loaded.
 */
function ZonedTime({ instant, event }: { instant: string; event: LoadState<EventDetails> }) {
  const { t, locale } = useI18n();
  if (event.status === 'loading') return <>{t.common.loading}</>;
  const timeZone = event.status === 'loaded' ? event.data.timeZone : undefined;
  return <time dateTime={instant}>{formatInstant(instant, locale, timeZone)}</time>;
}

function RegistrationSummary({
  registration,
  event,
}: {
  registration: RegistrationView;
  event: LoadState<EventDetails>;
}) {
  const { t } = useI18n();
  return (
    <dl className="facts">
      <div>
        <dt>{t.manage.status}</dt>
        <dd>
          <strong className={`badge badge-${registration.status}`}>
            {t.registrationStatus[registration.status]}
          </strong>
          {registration.waitlistPosition !== undefined && (
            <> {t.manageRegistration.position(registration.waitlistPosition)}</>
          )}
        </dd>
      </div>
      <div>
        <dt>{t.register.name}</dt>
        <dd>{registration.name}</dd>
      </div>
      <div>
        <dt>{t.register.email}</dt>
        <dd>{registration.email}</dd>
      </div>
      <div>
        <dt>{t.register.attendance}</dt>
        <dd>{t.attendance[registration.attendance]}</dd>
      </div>
      <div>
        <dt>{t.manage.registeredAt}</dt>
        <dd>
          <ZonedTime instant={registration.createdAt} event={event} />
        </dd>
      </div>
      {registration.checkedInAt !== undefined && (
        <div>
          <dt>{t.manageRegistration.checkedInAt}</dt>
          <dd>
            <ZonedTime instant={registration.checkedInAt} event={event} />
          </dd>
        </div>
      )}
      {registration.onlineUrl !== undefined && (
        <div>
          <dt>{t.manage.onlineUrl}</dt>
          <dd>
            <ExternalLink href={registration.onlineUrl}>{registration.onlineUrl}</ExternalLink>
          </dd>
        </div>
      )}
    </dl>
  );
}

function RenameForm({
  entry,
  registration,
  onRenamed,
}: {
  entry: ManagedEntry;
  registration: RegistrationView;
  onRenamed: (registration: RegistrationView) => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(registration.name);
  const [saving, setSaving] = useState(false);
  const { errors, setErrors, clearErrors, form } = useFormErrors();

  async function submit(formEvent: SubmitEvent<HTMLFormElement>) {
    formEvent.preventDefault();
    const missing = requiredErrors({ name }, t.form.required);
    if (Object.keys(missing).length > 0) {
      setErrors({ fields: missing, form: undefined });
      return;
    }

    setSaving(true);
    clearErrors();
    try {
      onRenamed(await renameRegistration(entry, name));
    } catch (error) {
      setErrors(formErrorsFrom(error, ['name'], t));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form ref={form} noValidate className="panel" onSubmit={(formEvent) => void submit(formEvent)}>
      <h2>{t.manageRegistration.renameHeading}</h2>
      <AlertRegion message={errors.form} />
      <TextField
        id="name"
        label={t.register.name}
        autoComplete="name"
        maxLength={100}
        value={name}
        error={errors.fields.name}
        onChange={(change) => {
          setName(change.currentTarget.value);
        }}
      />
      <button type="submit" disabled={saving}>
        {saving ? t.common.sending : t.common.save}
      </button>
    </form>
  );
}

/** What cancelling changes: only a confirmed onsite registration holds a seat to free. */
function cancelExplanation(registration: RegistrationView, t: Messages): string {
  if (registration.status === 'waitlisted') return t.manageRegistration.cancelExplainedWaitlisted;
  if (registration.attendance === 'online') return t.manageRegistration.cancelExplainedOnline;
  return t.manageRegistration.cancelExplained;
}

function CancelRegistration({
  entry,
  registration,
  onCancelled,
}: {
  entry: ManagedEntry;
  registration: RegistrationView;
  onCancelled: (registration: RegistrationView) => void;
}) {
  const { t } = useI18n();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();

  async function cancel() {
    setSending(true);
    setError(undefined);
    try {
      onCancelled(await cancelRegistration(entry));
    } catch (cause) {
      setError(problemText(cause, t));
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="panel danger-zone" aria-labelledby="cancel-heading">
      <h2 id="cancel-heading">{t.manageRegistration.cancelHeading}</h2>
      <p>{cancelExplanation(registration, t)}</p>
      <AlertRegion message={error} />
      <ConfirmButton
        label={t.manageRegistration.cancelStart}
        question={t.manageRegistration.cancelQuestion}
        confirmLabel={t.manageRegistration.cancelConfirm}
        keepLabel={t.manageRegistration.cancelKeep}
        busy={sending}
        onConfirm={() => void cancel()}
      />
    </section>
  );
}
