import { useState, type SubmitEvent } from 'react';

import { getTalk, updateTalk, withdrawTalk, type ManagedEntry } from '../api/public-api.js';
import type { TalkCategory, TalkView } from '../api/types.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { TextAreaField, TextField } from '../components/fields.js';
import { ExternalLink } from '../components/links.js';
import { formErrorsFrom, problemText } from '../components/problems.js';
import { AlertRegion, Loaded, StatusRegion } from '../components/status.js';
import { useDocumentTitle } from '../components/use-document-title.js';
import { requiredErrors, useFormErrors } from '../components/use-form-errors.js';
import { useLoader } from '../components/use-loader.js';
import { useI18n } from '../i18n/language.js';
import { ABSTRACT_MAX, CategorySelect, TITLE_MAX } from '../public/talk-submission-form.js';
import { EventReminder, useEventOf } from './event-reminder.js';
import { useManagedEntry } from './use-managed-entry.js';

const FIELDS = ['title', 'abstract', 'category', 'slideUrl'] as const;

/** The speaker's private page of one talk: its review status, edits, withdrawal. */
export function ManageTalkPage() {
  const { t } = useI18n();
  const entry = useManagedEntry('talkId');
  useDocumentTitle(t.manageTalk.heading);

  return (
    <>
      <h1>{t.manageTalk.heading}</h1>
      {entry === undefined ? (
        <p className="notice notice-error">{t.manage.linkIncomplete}</p>
      ) : (
        <TalkPanel entry={entry} />
      )}
    </>
  );
}

function TalkPanel({ entry }: { entry: ManagedEntry }) {
  const { t } = useI18n();
  const loader = useLoader(
    (signal) => getTalk(entry, signal),
    [entry.eventId, entry.id, entry.token],
  );
  const event = useEventOf(entry.eventId);
  const [status, setStatus] = useState<string>();

  function changed(talk: TalkView, message: string) {
    loader.setData(talk);
    setStatus(message);
  }

  return (
    <>
      <EventReminder eventId={entry.eventId} event={event} />
      <StatusRegion>
        {status !== undefined && <p className="notice notice-ok">{status}</p>}
      </StatusRegion>
      <Loaded state={loader.state}>
        {(talk) => {
          const open = talk.status === 'pending' || talk.status === 'accepted';
          return (
            <>
              <TalkSummary talk={talk} />
              {open ? (
                <>
                  <EditTalkForm
                    key={talk.updatedAt}
                    entry={entry}
                    talk={talk}
                    onSaved={(next) => {
                      changed(next, t.manageTalk.saved);
                    }}
                  />
                  <WithdrawTalk
                    entry={entry}
                    onWithdrawn={(next) => {
                      changed(next, t.manageTalk.withdrawn);
                    }}
                  />
                </>
              ) : (
                <p className="notice">{t.manageTalk.closed}</p>
              )}
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function TalkSummary({ talk }: { talk: TalkView }) {
  const { t } = useI18n();
  return (
    <dl className="facts">
      <div>
        <dt>{t.manage.status}</dt>
        <dd>
          <strong className={`badge badge-${talk.status}`}>{t.talkStatus[talk.status]}</strong>
          {talk.status === 'accepted' && talk.runningOrder !== undefined && (
            <> {t.manageTalk.runningOrder(talk.runningOrder)}</>
          )}
        </dd>
      </div>
      <div>
        <dt>{t.talkForm.title}</dt>
        <dd>{talk.title}</dd>
      </div>
      <div>
        <dt>{t.talkForm.category}</dt>
        <dd>{t.categories[talk.category]}</dd>
      </div>
      <div>
        <dt>{t.talkForm.speakerName}</dt>
        <dd>{talk.speakerName}</dd>
      </div>
      <div>
        <dt>{t.talkForm.abstract}</dt>
        <dd className="multiline">{talk.abstract}</dd>
      </div>
      {talk.slideUrl !== undefined && (
        <div>
          <dt>{t.talkForm.slideUrl}</dt>
          <dd>
            <ExternalLink href={talk.slideUrl}>{talk.slideUrl}</ExternalLink>
          </dd>
        </div>
      )}
    </dl>
  );
}

function EditTalkForm({
  entry,
  talk,
  onSaved,
}: {
  entry: ManagedEntry;
  talk: TalkView;
  onSaved: (talk: TalkView) => void;
}) {
  const { t } = useI18n();
  const [title, setTitle] = useState(talk.title);
  const [abstract, setAbstract] = useState(talk.abstract);
  const [category, setCategory] = useState<TalkCategory | ''>(talk.category);
  const [slideUrl, setSlideUrl] = useState(talk.slideUrl ?? '');
  const [saving, setSaving] = useState(false);
  const { errors, setErrors, clearErrors, form } = useFormErrors();

  async function submit(formEvent: SubmitEvent<HTMLFormElement>) {
    formEvent.preventDefault();
    const missing = requiredErrors({ title, abstract, category }, t.form.required);
    if (category === '' || Object.keys(missing).length > 0) {
      setErrors({ fields: missing, form: t.form.checkFields });
      return;
    }

    setSaving(true);
    clearErrors();
    try {
      const trimmedUrl = slideUrl.trim();
      onSaved(
        await updateTalk(entry, {
          title,
          abstract,
          category,
          slideUrl: trimmedUrl === '' ? null : trimmedUrl,
        }),
      );
    } catch (error) {
      setErrors(formErrorsFrom(error, FIELDS, t));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form ref={form} noValidate className="panel" onSubmit={(formEvent) => void submit(formEvent)}>
      <h2>{t.manageTalk.editHeading}</h2>
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
        id="slideUrl"
        type="url"
        optional
        label={t.talkForm.slideUrl}
        hint={t.manageTalk.slideUrlHint}
        inputMode="url"
        maxLength={2000}
        value={slideUrl}
        error={errors.fields.slideUrl}
        onChange={(change) => {
          setSlideUrl(change.currentTarget.value);
        }}
      />
      <button type="submit" disabled={saving}>
        {saving ? t.common.sending : t.common.save}
      </button>
    </form>
  );
}

function WithdrawTalk({
  entry,
  onWithdrawn,
}: {
  entry: ManagedEntry;
  onWithdrawn: (talk: TalkView) => void;
}) {
  const { t } = useI18n();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();

  async function withdraw() {
    setSending(true);
    setError(undefined);
    try {
      onWithdrawn(await withdrawTalk(entry));
    } catch (cause) {
      setError(problemText(cause, t));
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="panel danger-zone" aria-labelledby="withdraw-heading">
      <h2 id="withdraw-heading">{t.manageTalk.withdrawHeading}</h2>
      <p>{t.manageTalk.withdrawExplained}</p>
      <AlertRegion message={error} />
      <ConfirmButton
        label={t.manageTalk.withdrawStart}
        question={t.manageTalk.withdrawQuestion}
        confirmLabel={t.manageTalk.withdrawConfirm}
        keepLabel={t.manageTalk.withdrawKeep}
        busy={sending}
        onConfirm={() => void withdraw()}
      />
    </section>
  );
}
