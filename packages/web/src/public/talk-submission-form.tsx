import { useState, type SubmitEvent } from 'react';

import { submitTalk } from '../api/public-api.js';
import { TALK_CATEGORIES, type EventView, type TalkCategory, type TalkView } from '../api/types.js';
import { SelectField, TextAreaField, TextField } from '../components/fields.js';
import { PrivateLink, privateLinkHref } from '../components/links.js';
import { formErrorsFrom } from '../components/problems.js';
import { OutcomeRegion } from '../components/outcome.js';
import { AlertRegion } from '../components/status.js';
import { requiredErrors, useFormErrors } from '../components/use-form-errors.js';
import { useI18n } from '../i18n/language.js';

const FIELDS = [
  'title',
  'abstract',
  'category',
  'speakerName',
  'speakerEmail',
  'slideUrl',
] as const;

export const TITLE_MAX = 200;
export const ABSTRACT_MAX = 2000;

function isCategory(value: string): value is TalkCategory {
  return TALK_CATEGORIES.some((category) => category === value);
}

/** The category picker shared by the submission form and the speaker's edit form. */
export function CategorySelect({
  id,
  value,
  error,
  onChange,
}: {
  id: string;
  value: TalkCategory | '';
  error: string | undefined;
  onChange: (value: TalkCategory | '') => void;
}) {
  const { t } = useI18n();
  return (
    <SelectField
      id={id}
      label={t.talkForm.category}
      value={value}
      error={error}
      onChange={(change) => {
        const next = change.currentTarget.value;
        onChange(isCategory(next) ? next : '');
      }}
    >
      <option value="">{t.talkForm.chooseCategory}</option>
      {TALK_CATEGORIES.map((category) => (
        <option key={category} value={category}>
          {t.categories[category]}
        </option>
      ))}
    </SelectField>
  );
}

/** Proposes a talk for one event; the speaker gets a private link to edit or withdraw it. */
export function TalkSubmissionForm({ event }: { event: EventView }) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [abstract, setAbstract] = useState('');
  const [category, setCategory] = useState<TalkCategory | ''>('');
  const [speakerName, setSpeakerName] = useState('');
  const [speakerEmail, setSpeakerEmail] = useState('');
  const [slideUrl, setSlideUrl] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<{ talk: TalkView; manageToken: string }>();
  const { errors, setErrors, clearErrors, form } = useFormErrors();

  async function submit(formEvent: SubmitEvent<HTMLFormElement>) {
    formEvent.preventDefault();
    const missing = requiredErrors(
      { title, abstract, category, speakerName, speakerEmail },
      t.form.required,
    );
    if (category === '' || Object.keys(missing).length > 0) {
      setErrors({ fields: missing, form: t.form.checkFields });
      return;
    }

    setSubmitting(true);
    clearErrors();
    try {
      const result = await submitTalk(event.id, {
        title,
        abstract,
        category,
        speakerName,
        speakerEmail,
        ...(slideUrl.trim() === '' ? {} : { slideUrl: slideUrl.trim() }),
      });
      setOutcome(result);
      setTitle('');
      setAbstract('');
      setCategory('');
      setSlideUrl('');
    } catch (error) {
      setErrors(formErrorsFrom(error, FIELDS, t));
    } finally {
      setSubmitting(false);
    }
  }

  if ((event.status !== 'upcoming' || !event.talkSubmissionOpen) && outcome === undefined) {
    return <p className="notice">{t.talkForm.closed}</p>;
  }

  return (
    <>
      <OutcomeRegion headline={outcome === undefined ? undefined : t.talkForm.submitted}>
        {outcome !== undefined && (
          <PrivateLink
            href={privateLinkHref(
              'talk',
              outcome.talk.eventId,
              outcome.talk.id,
              outcome.manageToken,
            )}
            label={t.talkForm.manageLinkLabel}
          />
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
              document.getElementById('title')?.focus();
            });
          }}
        >
          {t.talkForm.another}
        </button>
      ) : (
        <form ref={form} noValidate onSubmit={(formEvent) => void submit(formEvent)}>
          <p className="hint">{t.talkForm.intro(event.talkMinutes)}</p>
          {event.acceptedTalkCount >= event.talkLimit && (
            <p className="notice notice-warning">{t.talkForm.slotsFull(event.talkLimit)}</p>
          )}
          <AlertRegion message={errors.form} />
          <TextField
            id="title"
            label={t.talkForm.title}
            hint={t.form.maxChars(TITLE_MAX)}
            maxLength={TITLE_MAX}
            value={title}
            error={errors.fields.title}
            onChange={(change) => {
              setTitle(change.currentTarget.value);
            }}
          />
          <TextAreaField
            id="abstract"
            label={t.talkForm.abstract}
            hint={t.form.maxChars(ABSTRACT_MAX)}
            maxLength={ABSTRACT_MAX}
            value={abstract}
            error={errors.fields.abstract}
            onChange={(change) => {
              setAbstract(change.currentTarget.value);
            }}
          />
          <CategorySelect
            id="category"
            value={category}
            error={errors.fields.category}
            onChange={setCategory}
          />
          <TextField
            id="speakerName"
            label={t.talkForm.speakerName}
            hint={t.talkForm.speakerNameHint}
            autoComplete="name"
            maxLength={100}
            value={speakerName}
            error={errors.fields.speakerName}
            onChange={(change) => {
              setSpeakerName(change.currentTarget.value);
            }}
          />
          <TextField
            id="speakerEmail"
            type="email"
            label={t.talkForm.speakerEmail}
            hint={t.talkForm.speakerEmailHint}
            autoComplete="email"
            maxLength={254}
            value={speakerEmail}
            error={errors.fields.speakerEmail}
            onChange={(change) => {
              setSpeakerEmail(change.currentTarget.value);
            }}
          />
          <TextField
            id="slideUrl"
            type="url"
            optional
            label={t.talkForm.slideUrl}
            hint={t.talkForm.slideUrlHint}
            inputMode="url"
            maxLength={2000}
            value={slideUrl}
            error={errors.fields.slideUrl}
            onChange={(change) => {
              setSlideUrl(change.currentTarget.value);
            }}
          />
          <button type="submit" disabled={submitting}>
            {submitting ? t.common.sending : t.talkForm.submit}
          </button>
        </form>
      )}
    </>
  );
}
