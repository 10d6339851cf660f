import { useEffect, useState } from 'react';

import { listTalks, reviewTalk, saveRunningOrder } from '../api/organizer-api.js';
import type { TalkDecision, TalkStatus, TalkView } from '../api/types.js';
import { ExternalLink } from '../components/links.js';
import { problemText } from '../components/problems.js';
import { AlertRegion, Loaded, StatusRegion } from '../components/status.js';
import { useLoader } from '../components/use-loader.js';
import { useI18n } from '../i18n/language.js';
import { useOrganizer } from './session.js';

const STATUS_ORDER: readonly TalkStatus[] = ['pending', 'accepted', 'rejected', 'withdrawn'];

/** Accepted talks in their running order; those without a place follow in order of arrival. */
function acceptedInOrder(talks: readonly TalkView[]): TalkView[] {
  return talks
    .filter((talk) => talk.status === 'accepted')
    .sort(
      (a, b) =>
        (a.runningOrder ?? Number.MAX_SAFE_INTEGER) - (b.runningOrder ?? Number.MAX_SAFE_INTEGER) ||
        a.createdAt.localeCompare(b.createdAt),
    );
}

/** Puts changed talks from the API in place of the ones shown. */
function merge(talks: readonly TalkView[], changed: readonly TalkView[]): TalkView[] {
  const byId = new Map(changed.map((talk) => [talk.id, talk]));
  return talks.map((talk) => byId.get(talk.id) ?? talk);
}

/** Every talk of an event with accept and reject buttons, and the running order to arrange. */
export function TalkReview({
  eventId,
  onReviewed,
  onRunningOrderSaved,
}: {
  eventId: string;
  onReviewed: () => void;
  onRunningOrderSaved?: () => void;
}) {
  const { call } = useOrganizer();
  const loader = useLoader(
    (signal) => call((token) => listTalks(token, eventId, signal)),
    [eventId],
  );

  return (
    <Loaded state={loader.state}>
      {({ items }) => (
        <TalkReviewLists
          eventId={eventId}
          talks={items}
          onTalksChanged={(talks) => {
            loader.setData({ items: talks });
          }}
          onReviewed={onReviewed}
          onRunningOrderSaved={onRunningOrderSaved}
        />
      )}
    </Loaded>
  );
}

function TalkReviewLists({
  eventId,
  talks,
  onTalksChanged,
  onReviewed,
  onRunningOrderSaved,
}: {
  eventId: string;
  talks: TalkView[];
  onTalksChanged: (talks: TalkView[]) => void;
  onReviewed: () => void;
  onRunningOrderSaved: (() => void) | undefined;
}) {
  const { t } = useI18n();
  const { call } = useOrganizer();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [announcement, setAnnouncement] = useState<string>();

  async function review(talk: TalkView, decision: TalkDecision) {
    setBusy(true);
    setError(undefined);
    try {
      const changed = await call((token) => reviewTalk(token, eventId, talk.id, decision));
      onTalksChanged(merge(talks, [changed]));
      setAnnouncement(t.review.reviewed(talk.title, t.talkStatus[changed.status]));
      onReviewed();
      // The button pressed is gone now (the talk has that status): keep the place on its card.
      requestAnimationFrame(() => {
        document.getElementById(`talk-${talk.id}`)?.focus();
      });
    } catch (cause) {
      setError(problemText(cause, t));
    } finally {
      setBusy(false);
    }
  }

  const sorted = [...talks].sort(
    (a, b) =>
      STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
      a.createdAt.localeCompare(b.createdAt),
  );

  return (
    <>
      <StatusRegion>
        {announcement !== undefined && <p className="visually-hidden">{announcement}</p>}
      </StatusRegion>
      <AlertRegion message={error} />
      {talks.length === 0 ? (
        <p>{t.review.none}</p>
      ) : (
        <ul className="card-list">
          {sorted.map((talk) => (
            <li key={talk.id} className="card talk">
              <h3 className="card-title" id={`talk-${talk.id}`} tabIndex={-1}>
                {talk.title}{' '}
                <span className={`badge badge-${talk.status}`}>{t.talkStatus[talk.status]}</span>
              </h3>
              <p className="talk-meta">
                {t.talks.by(talk.speakerName)} ({talk.speakerEmail}){' '}
                <span className="badge">{t.categories[talk.category]}</span>
              </p>
              <p className="multiline">{talk.abstract}</p>
              {talk.slideUrl !== undefined && (
                <p>
                  <ExternalLink href={talk.slideUrl}>{t.talks.slides}</ExternalLink>
                </p>
              )}
              {talk.status !== 'withdrawn' && (
                <div className="button-row">
                  {talk.status !== 'accepted' && (
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => void review(talk, 'accepted')}
                    >
                      {t.review.accept}
                      <span className="visually-hidden">: {talk.title}</span>
                    </button>
                  )}
                  {talk.status !== 'rejected' && (
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={busy}
                      onClick={() => void review(talk, 'rejected')}
                    >
                      {t.review.reject}
                      <span className="visually-hidden">: {talk.title}</span>
                    </button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <RunningOrder
        eventId={eventId}
        talks={talks}
        onTalksChanged={onTalksChanged}
        onSaved={onRunningOrderSaved}
      />
    </>
  );
}

function RunningOrder({
  eventId,
  talks,
  onTalksChanged,
  onSaved,
}: {
  eventId: string;
  talks: TalkView[];
  onTalksChanged: (talks: TalkView[]) => void;
  onSaved: (() => void) | undefined;
}) {
  const { t } = useI18n();
  const { call } = useOrganizer();
  const accepted = acceptedInOrder(talks);
  const savedIds = accepted.map((talk) => talk.id);
  const [draft, setDraft] = useState<string[]>();
  const [moved, setMoved] = useState<{ id: string; direction: 'up' | 'down' }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();

  // The draft keeps its order for talks still accepted and adds newly accepted ones at the end.
  const orderIds =
    draft !== undefined
      ? [
          ...draft.filter((id) => savedIds.includes(id)),
          ...savedIds.filter((id) => !draft.includes(id)),
        ]
      : savedIds;
  const byId = new Map(accepted.map((talk) => [talk.id, talk]));
  const ordered = orderIds.flatMap((id) => byId.get(id) ?? []);
  const dirty = orderIds.join() !== savedIds.join();

  // Keep focus on the arrow the organizer used, or its twin when that one is now disabled.
  useEffect(() => {
    if (moved === undefined) return;
    const same = document.getElementById(`move-${moved.direction}-${moved.id}`);
    const other = document.getElementById(
      `move-${moved.direction === 'up' ? 'down' : 'up'}-${moved.id}`,
    );
    (same instanceof HTMLButtonElement && !same.disabled ? same : other)?.focus();
  }, [moved, orderIds.join()]);

  function move(index: number, direction: 'up' | 'down') {
    const target = direction === 'up' ? index - 1 : index + 1;
    const next = [...orderIds];
    const [item] = next.splice(index, 1);
    if (item === undefined || target < 0 || target >= orderIds.length) return;
    next.splice(target, 0, item);
    setDraft(next);
    setMoved({ id: item, direction });
    setStatus(t.review.movedTo(byId.get(item)?.title ?? '', target + 1));
  }

  async function save() {
    setSaving(true);
    setError(undefined);
    try {
      const result = await call((token) => saveRunningOrder(token, eventId, orderIds));
      onTalksChanged(merge(talks, result.items));
      setDraft(undefined);
      setStatus(t.review.orderSaved);
      onSaved?.();
    } catch (cause) {
      setError(problemText(cause, t));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section aria-labelledby="running-order-heading">
      <h3 id="running-order-heading">{t.review.runningOrderHeading}</h3>
      <StatusRegion>{status !== undefined && <p className="hint">{status}</p>}</StatusRegion>
      <AlertRegion message={error} />
      {ordered.length === 0 ? (
        <p>{t.review.noneAccepted}</p>
      ) : (
        <ol className="running-order">
          {ordered.map((talk, index) => (
            <li key={talk.id}>
              <span className="running-order__title">
                {talk.title} <span className="muted">— {talk.speakerName}</span>
              </span>
              <span className="button-row">
                <button
                  type="button"
                  id={`move-up-${talk.id}`}
                  className="button-secondary button-small"
                  disabled={index === 0}
                  aria-label={t.review.moveUp(talk.title)}
                  onClick={() => {
                    move(index, 'up');
                  }}
                >
                  ↑
                </button>
                <button
                  type="button"
                  id={`move-down-${talk.id}`}
                  className="button-secondary button-small"
                  disabled={index === ordered.length - 1}
                  aria-label={t.review.moveDown(talk.title)}
                  onClick={() => {
                    move(index, 'down');
                  }}
                >
                  ↓
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      {ordered.length > 1 && (
        <button type="button" disabled={!dirty || saving} onClick={() => void save()}>
          {saving ? t.common.sending : t.review.saveOrder}
        </button>
      )}
    </section>
  );
}
