import { useState, type SubmitEvent } from 'react';

import {
  EVENT_FORMATS,
  type CreateEventInput,
  type EventFormat,
  type OrganizerEventView,
  type UpdateEventInput,
} from '../api/types.js';
import {
  CheckboxField,
  RadioGroup,
  SelectField,
  TextAreaField,
  TextField,
} from '../components/fields.js';
import { formErrorsFrom } from '../components/problems.js';
import { AlertRegion } from '../components/status.js';
import { requiredErrors, useFormErrors } from '../components/use-form-errors.js';
import { timeZoneName } from '../format/event-time.js';
import { isoToZonedLocal, zonedLocalToIso } from '../format/zoned-time.js';
import { useI18n } from '../i18n/language.js';

const DEFAULT_TIME_ZONE = 'Asia/Tokyo';
const DEFAULT_TALK_LIMIT = 20;
const DEFAULT_TALK_MINUTES = 5;

/** The API's names for the form's fields, so its errors land next to the right input. */
const FIELDS = [
  'title',
  'description',
  'timeZone',
  'startsAt',
  'endsAt',
  'format',
  'venue.name',
  'venue.address',
  'onsiteCapacity',
  'onlineUrl',
  'talkLimit',
  'talkMinutes',
  'registrationOpen',
  'talkSubmissionOpen',
] as const;

/** What the inputs hold: text as typed, times on the wall clock of `timeZone`. */
interface EventFormValues {
  title: string;
  description: string;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  format: EventFormat;
  venueName: string;
  venueAddress: string;
  onsiteCapacity: string;
  onlineUrl: string;
  talkLimit: string;
  talkMinutes: string;
  registrationOpen: boolean;
  talkSubmissionOpen: boolean;
}

function initialValues(event: OrganizerEventView | undefined): EventFormValues {
  if (event === undefined) {
    return {
      title: '',
      description: '',
      timeZone: DEFAULT_TIME_ZONE,
      startsAt: '',
      endsAt: '',
      format: 'hybrid',
      venueName: '',
      venueAddress: '',
      onsiteCapacity: '30',
      onlineUrl: '',
      talkLimit: String(DEFAULT_TALK_LIMIT),
      talkMinutes: String(DEFAULT_TALK_MINUTES),
      registrationOpen: true,
      talkSubmissionOpen: true,
    };
  }
  return {
    title: event.title,
    description: event.description,
    timeZone: event.timeZone,
    startsAt: isoToZonedLocal(event.startsAt, event.timeZone),
    endsAt: isoToZonedLocal(event.endsAt, event.timeZone),
    format: event.format,
    venueName: event.venue?.name ?? '',
    venueAddress: event.venue?.address ?? '',
    onsiteCapacity: String(event.onsiteCapacity),
    onlineUrl: event.onlineUrl ?? '',
    talkLimit: String(event.talkLimit),
    talkMinutes: String(event.talkMinutes),
    registrationOpen: event.registrationOpen,
    talkSubmissionOpen: event.talkSubmissionOpen,
  };
}

/** Every zone the browser knows, with the chosen one kept even if it does not know it. */
function timeZoneChoices(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
}

function wholeNumber(text: string): number | undefined {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

type Converted =
  { ok: true; input: CreateEventInput } | { ok: false; fields: Record<string, string> };

/** Turns what was typed into the API's input, or says which fields are not usable. */
function toInput(
  values: EventFormValues,
  messages: { required: string; number: string; time: string },
): Converted {
  const online = values.format === 'online';
  const fields = requiredErrors(
    {
      title: values.title,
      description: values.description,
      startsAt: values.startsAt,
      endsAt: values.endsAt,
      ...(online ? {} : { 'venue.name': values.venueName }),
    },
    messages.required,
  );
  const startsAt = zonedLocalToIso(values.startsAt, values.timeZone);
  const endsAt = zonedLocalToIso(values.endsAt, values.timeZone);
  if (startsAt === undefined && !('startsAt' in fields)) fields.startsAt = messages.time;
  if (endsAt === undefined && !('endsAt' in fields)) fields.endsAt = messages.time;
  const onsiteCapacity = online ? 0 : wholeNumber(values.onsiteCapacity);
  const talkLimit = wholeNumber(values.talkLimit);
  const talkMinutes = wholeNumber(values.talkMinutes);
  if (onsiteCapacity === undefined) fields.onsiteCapacity = messages.number;
  if (talkLimit === undefined) fields.talkLimit = messages.number;
  if (talkMinutes === undefined) fields.talkMinutes = messages.number;
  if (
    startsAt === undefined ||
    endsAt === undefined ||
    onsiteCapacity === undefined ||
    talkLimit === undefined ||
    talkMinutes === undefined ||
    Object.keys(fields).length > 0
  ) {
    return { ok: false, fields };
  }

  const onlineUrl = values.format === 'onsite' ? '' : values.onlineUrl.trim();
  const address = values.venueAddress.trim();
  return {
    ok: true,
    input: {
      title: values.title,
      description: values.description,
      startsAt,
      endsAt,
      timeZone: values.timeZone,
      format: values.format,
      ...(online
        ? {}
        : { venue: { name: values.venueName, ...(address === '' ? {} : { address }) } }),
      onsiteCapacity,
      ...(onlineUrl === '' ? {} : { onlineUrl }),
      registrationOpen: values.registrationOpen,
      talkSubmissionOpen: values.talkSubmissionOpen,
      talkLimit,
      talkMinutes,
    },
  };
}

/** A change to an event: the same fields, with `null` where the venue or online URL went away. */
function toUpdate(input: CreateEventInput): UpdateEventInput {
  return { ...input, venue: input.venue ?? null, onlineUrl: input.onlineUrl ?? null };
}

/**
 * The organizer's event form, for a new event or an existing one. Start and end are typed on
 * the wall clock of the chosen time zone and sent as ISO 8601 with that zone's offset.
 */
export function EventForm({
  event,
  submitLabel,
  onCreate,
  onUpdate,
}: {
  event?: OrganizerEventView;
  submitLabel: string;
  onCreate?: (input: CreateEventInput) => Promise<void>;
  onUpdate?: (input: UpdateEventInput) => Promise<void>;
}) {
  const { t, language, locale } = useI18n();
  const [values, setValues] = useState(() => initialValues(event));
  const [saving, setSaving] = useState(false);
  const { errors, setErrors, clearErrors, form } = useFormErrors();

  function set<K extends keyof EventFormValues>(key: K, value: EventFormValues[K]) {
    setValues((current) => ({ ...current, [key]: value }));
  }

  async function submit(formEvent: SubmitEvent<HTMLFormElement>) {
    formEvent.preventDefault();
    const converted = toInput(values, {
      required: t.form.required,
      number: t.eventForm.wholeNumber,
      time: t.eventForm.invalidTime,
    });
    if (!converted.ok) {
      setErrors({ fields: converted.fields, form: t.form.checkFields });
      return;
    }

    setSaving(true);
    clearErrors();
    try {
      if (onUpdate !== undefined) await onUpdate(toUpdate(converted.input));
      else await onCreate?.(converted.input);
    } catch (error) {
      setErrors(formErrorsFrom(error, FIELDS, t));
    } finally {
      setSaving(false);
    }
  }

  const id = (name: string) => (event === undefined ? `new-${name}` : `edit-${name}`);
  const error = (...names: string[]) =>
    names.map((name) => errors.fields[name]).find((message) => message !== undefined);
  // The browser's own date control writes the time without its zone, so the label says it.
  const zone = timeZoneName(values.timeZone, locale);
  const text = (key: 'title' | 'venueName' | 'venueAddress' | 'onlineUrl') => ({
    value: values[key],
    onChange: (change: { currentTarget: { value: string } }) => {
      set(key, change.currentTarget.value);
    },
  });

  return (
    <form ref={form} noValidate onSubmit={(formEvent) => void submit(formEvent)}>
      <AlertRegion message={errors.form} />
      <TextField
        id={id('title')}
        label={t.eventForm.title}
        maxLength={200}
        error={error('title')}
        {...text('title')}
      />
      <TextAreaField
        id={id('description')}
        label={t.eventForm.description}
        maxLength={5000}
        value={values.description}
        error={error('description')}
        onChange={(change) => {
          set('description', change.currentTarget.value);
        }}
      />
      <SelectField
        id={id('timeZone')}
        label={t.eventForm.timeZone}
        hint={t.eventForm.timeZoneHint}
        value={values.timeZone}
        error={error('timeZone')}
        onChange={(change) => {
          set('timeZone', change.currentTarget.value);
        }}
      >
        {timeZoneChoices(values.timeZone).map((zone) => (
          <option key={zone} value={zone}>
            {zone}
          </option>
        ))}
      </SelectField>
      <div className="field-row">
        <TextField
          id={id('startsAt')}
          type="datetime-local"
          lang={language}
          label={t.eventForm.startsAt(zone)}
          value={values.startsAt}
          error={error('startsAt')}
          onChange={(change) => {
            set('startsAt', change.currentTarget.value);
          }}
        />
        <TextField
          id={id('endsAt')}
          type="datetime-local"
          lang={language}
          label={t.eventForm.endsAt(zone)}
          value={values.endsAt}
          error={error('endsAt')}
          onChange={(change) => {
            set('endsAt', change.currentTarget.value);
          }}
        />
      </div>
      <RadioGroup
        id={id('format')}
        label={t.eventForm.format}
        choices={EVENT_FORMATS.map((format) => ({ value: format, label: t.formats[format] }))}
        value={values.format}
        error={error('format')}
        onChange={(format) => {
          set('format', format);
        }}
      />
      {values.format !== 'online' && (
        <fieldset className="group">
          <legend>{t.eventForm.venueGroup}</legend>
          <TextField
            id={id('venue.name')}
            label={t.eventForm.venueName}
            maxLength={200}
            error={error('venue.name', 'venue')}
            {...text('venueName')}
          />
          <TextField
            id={id('venue.address')}
            label={t.eventForm.venueAddress}
            optional
            maxLength={500}
            error={error('venue.address')}
            {...text('venueAddress')}
          />
          <TextField
            id={id('onsiteCapacity')}
            type="number"
            inputMode="numeric"
            min={1}
            max={10000}
            label={t.eventForm.onsiteCapacity}
            value={values.onsiteCapacity}
            error={error('onsiteCapacity')}
            onChange={(change) => {
              set('onsiteCapacity', change.currentTarget.value);
            }}
          />
        </fieldset>
      )}
      {values.format !== 'onsite' && (
        <TextField
          id={id('onlineUrl')}
          type="url"
          inputMode="url"
          optional
          label={t.eventForm.onlineUrl}
          hint={t.eventForm.onlineUrlHint}
          maxLength={2000}
          error={error('onlineUrl')}
          {...text('onlineUrl')}
        />
      )}
      <div className="field-row">
        <TextField
          id={id('talkLimit')}
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          label={t.eventForm.talkLimit}
          value={values.talkLimit}
          error={error('talkLimit')}
          onChange={(change) => {
            set('talkLimit', change.currentTarget.value);
          }}
        />
        <TextField
          id={id('talkMinutes')}
          type="number"
          inputMode="numeric"
          min={1}
          max={60}
          label={t.eventForm.talkMinutes}
          value={values.talkMinutes}
          error={error('talkMinutes')}
          onChange={(change) => {
            set('talkMinutes', change.currentTarget.value);
          }}
        />
      </div>
      <CheckboxField
        id={id('registrationOpen')}
        label={t.eventForm.registrationOpen}
        checked={values.registrationOpen}
        error={error('registrationOpen')}
        onChange={(checked) => {
          set('registrationOpen', checked);
        }}
      />
      <CheckboxField
        id={id('talkSubmissionOpen')}
        label={t.eventForm.talkSubmissionOpen}
        checked={values.talkSubmissionOpen}
        error={error('talkSubmissionOpen')}
        onChange={(checked) => {
          set('talkSubmissionOpen', checked);
        }}
      />
      <button type="submit" disabled={saving}>
        {saving ? t.common.sending : submitLabel}
      </button>
    </form>
  );
}
