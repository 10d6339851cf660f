import { useState, type SubmitEvent } from 'react';

import {
  cancelRegistration,
  getRegistration,
  renameRegistration,
  type ManagedEntry,
} from '../api/public-api.js';
import type { RegistrationView } from '../api/types.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { TextField } from '../components/fields.js';
import { ExternalLink } from '../components/links.js';
import { formErrorsFrom, problemText } from '../components/problems.js';
import { AlertRegion, Loaded, StatusRegion } from '../components/status.js';
import { useDocumentTitle } from '../components/use-document-title.js';
import { requiredErrors, useFormErrors } from '../components/use-form-errors.js';
import { useLoader } from '../components/use-loader.js';
import { formatInstant } from '../format/event-time.js';
import { useI18n } from '../i18n/language.js';
import { EventReminder } from './event-reminder.js';
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
        <>
          <EventReminder eventId={entry.eventId} />
          <RegistrationPanel entry={entry} />
        </>
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
  const [status, setStatus] = useState<string>();

  function changed(registration: RegistrationView, message: string) {
    loader.setData(registration);
    setStatus(message);
  }

  return (
    <>
      <StatusRegion>
        {status !== undefined && <p className="notice notice-ok">{status}</p>}
      </StatusRegion>
      <Loaded state={loader.state}>
        {(registration) => (
          <>
            <RegistrationSummary registration={registration} />
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

function RegistrationSummary({ registration }: { registration: RegistrationView }) {
  const { t, locale } = useI18n();
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
        <dd>{formatInstant(registration.createdAt, locale)}</dd>
      </div>
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

function CancelRegistration({
  entry,
  onCancelled,
}: {
  entry: ManagedEntry;
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
      <p>{t.manageRegistration.cancelExplained}</p>
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
