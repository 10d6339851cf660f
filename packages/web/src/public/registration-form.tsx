import { useState, type SubmitEvent } from 'react';

import { register } from '../api/public-api.js';
import type { Attendance, EventView, RegistrationView } from '../api/types.js';
import { RadioGroup, TextField, type Choice } from '../components/fields.js';
import { PrivateLink, privateLinkHref } from '../components/links.js';
import { formErrorsFrom } from '../components/problems.js';
import { OutcomeRegion } from '../components/outcome.js';
import { AlertRegion } from '../components/status.js';
import { requiredErrors, useFormErrors } from '../components/use-form-errors.js';
import { useI18n } from '../i18n/language.js';
import type { Messages } from '../i18n/messages-ja.js';

const FIELDS = ['name', 'email', 'attendance'] as const;

/** The ways to attend this event's format offers. */
function attendanceOffered(event: EventView): Attendance[] {
  if (event.format === 'onsite') return ['onsite'];
  if (event.format === 'online') return ['online'];
  return ['onsite', 'online'];
}

/** Whether people can sign up for this event now. */
export function isRegistrationOpen(event: EventView): boolean {
  return event.registrationOpen && (event.status === 'upcoming' || event.status === 'ongoing');
}

/** Says plainly whether the person has a place or a waitlist number. */
function outcomeHeadline(registration: RegistrationView, t: Messages): string {
  return registration.status === 'waitlisted'
    ? t.register.waitlisted(registration.waitlistPosition)
    : t.register.confirmed(t.attendance[registration.attendance]);
}

/** What to do next after registering: the online link if any, and the private link to keep. */
function OutcomeDetails({
  registration,
  manageToken,
}: {
  registration: RegistrationView;
  manageToken: string;
}) {
  const { t } = useI18n();
  const href = privateLinkHref('registration', registration.eventId, registration.id, manageToken);

  return (
    <>
      {registration.status === 'waitlisted' && <p>{t.register.waitlistExplained}</p>}
      {/* The meeting link lives behind the private link only, which hides it once cancelled. */}
      {registration.onlineUrl !== undefined && <p>{t.register.onlineLinkOnPrivatePage}</p>}
      <PrivateLink href={href} label={t.register.manageLinkLabel} />
    </>
  );
}

/** Sign-up for one event: name, e-mail and how to attend, limited to what the event offers. */
export function RegistrationForm({
  event,
  onRegistered,
}: {
  event: EventView;
  onRegistered: () => void;
}) {
  const { t } = useI18n();
  const offered = attendanceOffered(event);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [attendance, setAttendance] = useState<Attendance | undefined>(
    offered.length === 1 ? offered[0] : undefined,
  );
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<{ registration: RegistrationView; manageToken: string }>();
  const { errors, setErrors, clearErrors, form } = useFormErrors();

  async function submit(formEvent: SubmitEvent<HTMLFormElement>) {
    formEvent.preventDefault();
    const missing = requiredErrors({ name, email, attendance }, t.form.required);
    if (attendance === undefined || Object.keys(missing).length > 0) {
      setErrors({ fields: missing, form: t.form.checkFields });
      return;
    }

    setSubmitting(true);
    clearErrors();
    try {
      const result = await register(event.id, { name, email, attendance });
      setOutcome(result);
      setName('');
      setEmail('');
      onRegistered();
    } catch (error) {
      setErrors(formErrorsFrom(error, FIELDS, t));
    } finally {
      setSubmitting(false);
    }
  }

  const choices: Choice<Attendance>[] = offered.map((value) => ({
    value,
    label: t.attendance[value],
  }));
  const onsiteFull = event.format !== 'online' && event.seatsLeft === 0;

  if (!isRegistrationOpen(event) && outcome === undefined) {
    return <p className="notice">{t.register.closed}</p>;
  }

  return (
    <>
      <OutcomeRegion
        headline={outcome === undefined ? undefined : outcomeHeadline(outcome.registration, t)}
        tone={outcome?.registration.status === 'waitlisted' ? 'waitlisted' : 'ok'}
      >
        {outcome !== undefined && (
          <OutcomeDetails registration={outcome.registration} manageToken={outcome.manageToken} />
        )}
      </OutcomeRegion>
      {outcome !== undefined ? (
        <button
          type="button"
          className="button-secondary"
          onClick={() => {
            setOutcome(undefined);
            // The button goes away with the outcome: continue in the first field of the form.
            requestAnimationFrame(() => {
              document.getElementById('name')?.focus();
            });
          }}
        >
          {t.register.another}
        </button>
      ) : (
        <form ref={form} noValidate onSubmit={(formEvent) => void submit(formEvent)}>
          {onsiteFull && (
            <p className="notice notice-warning">{t.register.onsiteFull(event.waitlistLength)}</p>
          )}
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
          <TextField
            id="email"
            type="email"
            label={t.register.email}
            hint={t.register.emailHint}
            autoComplete="email"
            maxLength={254}
            value={email}
            error={errors.fields.email}
            onChange={(change) => {
              setEmail(change.currentTarget.value);
            }}
          />
          <RadioGroup
            id="attendance"
            label={t.register.attendance}
            choices={choices}
            value={attendance}
            error={errors.fields.attendance}
            onChange={setAttendance}
          />
          <button type="submit" disabled={submitting}>
            {submitting ? t.common.sending : t.register.submit}
          </button>
        </form>
      )}
    </>
  );
}
