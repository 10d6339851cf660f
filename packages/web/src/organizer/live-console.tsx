import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';

import { changePollStatus, changeTimer, createPoll, setCurrentTalk } from '../api/organizer-api.js';
import { getLive } from '../api/public-api.js';
import type { EventStatus, LiveView, PollView, TalkTimer, TimerAction } from '../api/types.js';
import { TextField } from '../components/fields.js';
import { problemText } from '../components/problems.js';
import { AlertRegion, StatusRegion } from '../components/status.js';
import { useI18n } from '../i18n/language.js';
import { ConnectionStatus } from '../live/connection-status.js';
import { Countdown } from '../live/countdown.js';
import { stageOf } from '../live/live-state.js';
import { PollResults } from '../live/poll-results.js';
import { useLiveEvent } from '../live/use-live-event.js';
import { useOrganizer } from './session.js';

const MAX_OPTIONS = 10;

/** Whether `action` would change the timer: start unless running, pause while running. */
function timerAllows(timer: TalkTimer, action: TimerAction): boolean {
  switch (action) {
    case 'start':
      return timer.state !== 'running';
    case 'pause':
      return timer.state === 'running';
    case 'reset':
      return timer.state !== 'idle';
  }
}

/**
 * The organizer's controls of an event night: the talk on stage, its countdown, and the polls,
 * with the results coming in live over the same WebSocket as the audience's page.
 *
 * @param reloadKey changes when the talks or their order changed elsewhere on the page, which
 * the live updates do not push by themselves.
 */
export function LiveConsole({
  eventId,
  eventStatus,
  reloadKey,
}: {
  eventId: string;
  eventStatus: EventStatus;
  reloadKey: number;
}) {
  const { t } = useI18n();
  const { call } = useOrganizer();
  const live = useLiveEvent(eventId);
  const { showView, showPoll } = live;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();

  const firstKey = useRef(reloadKey);
  useEffect(() => {
    if (reloadKey === firstKey.current) return;
    firstKey.current = -1;
    const controller = new AbortController();
    getLive(eventId, controller.signal).then(showView, () => {
      // The live updates bring the talks with the next change on stage.
    });
    return () => {
      controller.abort();
    };
  }, [eventId, reloadKey, showView]);

  /** Runs one organizer call; its answer is shown at once, and the broadcast follows. */
  async function act<T>(
    request: (token: string) => Promise<T>,
    done: (result: T) => string,
  ): Promise<boolean> {
    setBusy(true);
    setError(undefined);
    try {
      const result = await call(request);
      setStatus(done(result));
      return true;
    } catch (cause) {
      setError(problemText(cause, t));
      return false;
    } finally {
      setBusy(false);
    }
  }

  function putOnStage(talkId: string | null, title?: string) {
    void act(
      (token) => setCurrentTalk(token, eventId, talkId),
      (view: LiveView) => {
        showView(view);
        return title === undefined ? t.liveConsole.stageCleared : t.liveConsole.stageChanged(title);
      },
    );
  }

  function timer(action: TimerAction) {
    void act(
      (token) => changeTimer(token, eventId, action),
      (view: LiveView) => {
        showView(view);
        return t.liveConsole.timerChanged[action];
      },
    );
  }

  function movePoll(poll: PollView, to: 'open' | 'close') {
    void act(
      (token) => changePollStatus(token, eventId, poll.id, to),
      (changed: PollView) => {
        showPoll(changed);
        return to === 'open'
          ? t.liveConsole.pollOpened(poll.question)
          : t.liveConsole.pollClosed(poll.question);
      },
    );
  }

  const view = live.view;
  const { current, next } = view === undefined ? {} : stageOf(view);

  return (
    <div className="live-console">
      <p>
        <Link to={`/events/${encodeURIComponent(eventId)}/live`}>{t.liveConsole.openLivePage}</Link>
      </p>
      <ConnectionStatus state={live.connection} />
      {eventStatus !== 'ongoing' && <p className="hint">{t.liveConsole.notOngoing}</p>}
      <StatusRegion>{status !== undefined && <p className="hint">{status}</p>}</StatusRegion>
      <AlertRegion message={error} />
      {view === undefined ? (
        <p className="loading">{t.common.loading}</p>
      ) : (
        <>
          <section aria-labelledby="console-stage-heading" className="live-console__stage">
            <h3 id="console-stage-heading">{t.live.stageHeading}</h3>
            <p className="live-stage__title">{current?.title ?? t.live.nothingOnStage}</p>
            <Countdown timer={view.timer} clockOffsetMs={live.clockOffsetMs} />
            <div className="button-row">
              {(['start', 'pause', 'reset'] as const).map((action) => (
                <button
                  key={action}
                  type="button"
                  className={action === 'start' ? undefined : 'button-secondary'}
                  disabled={busy || current === undefined || !timerAllows(view.timer, action)}
                  onClick={() => {
                    timer(action);
                  }}
                >
                  {t.liveConsole[action]}
                </button>
              ))}
            </div>
          </section>

          <section aria-labelledby="console-order-heading">
            <h3 id="console-order-heading">{t.live.consoleOrderHeading}</h3>
            {view.talks.length === 0 ? (
              <p>{t.live.noTalks}</p>
            ) : (
              <ol className="running-order">
                {view.talks.map((talk) => {
                  const onStage = talk.id === view.currentTalkId;
                  return (
                    <li key={talk.id} aria-current={onStage ? 'true' : undefined}>
                      <span className="running-order__title">
                        {talk.title} <span className="muted">— {talk.speakerName}</span>
                      </span>
                      {onStage ? (
                        <span className="badge badge-ongoing">{t.live.nowBadge}</span>
                      ) : (
                        <button
                          type="button"
                          className="button-secondary button-small"
                          disabled={busy}
                          onClick={() => {
                            putOnStage(talk.id, talk.title);
                          }}
                        >
                          {t.liveConsole.putOnStage}
                          <span className="visually-hidden">: {talk.title}</span>
                        </button>
                      )}
                    </li>
                  );
                })}
              </ol>
            )}
            <div className="button-row">
              {next !== undefined && (
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => {
                    putOnStage(next.id, next.title);
                  }}
                >
                  {current === undefined ? t.liveConsole.firstTalk : t.liveConsole.nextTalk}
                </button>
              )}
              {current !== undefined && (
                <button
                  type="button"
                  className="button-secondary"
                  disabled={busy}
                  onClick={() => {
                    putOnStage(null);
                  }}
                >
                  {t.liveConsole.clearStage}
                </button>
              )}
            </div>
          </section>

          <section aria-labelledby="console-polls-heading">
            <h3 id="console-polls-heading">{t.live.pollsHeading}</h3>
            {view.polls.length === 0 ? (
              <p>{t.liveConsole.noPolls}</p>
            ) : (
              <ul className="card-list">
                {view.polls.map((poll) => (
                  <li key={poll.id} className="card poll">
                    <p className="card-title">
                      {poll.question}{' '}
                      <span className={`badge badge-poll-${poll.status}`}>
                        {t.live.pollStatus[poll.status]}
                      </span>
                    </p>
                    {poll.status !== 'closed' && (
                      <p>
                        <button
                          type="button"
                          className={poll.status === 'open' ? 'button-secondary' : undefined}
                          disabled={busy}
                          onClick={() => {
                            movePoll(poll, poll.status === 'ready' ? 'open' : 'close');
                          }}
                        >
                          {poll.status === 'ready'
                            ? t.liveConsole.openPoll
                            : t.liveConsole.closePoll}
                          <span className="visually-hidden">: {poll.question}</span>
                        </button>
                      </p>
                    )}
                    <PollResults poll={poll} />
                  </li>
                ))}
              </ul>
            )}
            <NewPollForm
              busy={busy}
              onCreate={(input) =>
                act(
                  (token) => createPoll(token, eventId, input),
                  (poll: PollView) => {
                    showPoll(poll);
                    return t.liveConsole.pollCreated;
                  },
                )
              }
            />
          </section>
        </>
      )}
    </div>
  );
}

/** A question and its options (2 to 10); empty option fields are left out. */
function NewPollForm({
  busy,
  onCreate,
}: {
  busy: boolean;
  /** Resolves true once the poll was created. */
  onCreate: (input: { question: string; options: string[] }) => Promise<boolean>;
}) {
  const { t } = useI18n();
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState(['', '']);
  const [problem, setProblem] = useState<string>();

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const filled = options.map((option) => option.trim()).filter((option) => option !== '');
    if (question.trim() === '') {
      setProblem(t.form.required);
      return;
    }
    if (filled.length < 2) {
      setProblem(t.liveConsole.optionsNeeded);
      return;
    }
    setProblem(undefined);
    if (await onCreate({ question: question.trim(), options: filled })) {
      setQuestion('');
      setOptions(['', '']);
    }
  }

  return (
    <form
      aria-labelledby="new-poll-heading"
      onSubmit={(event) => void submit(event)}
      noValidate
      className="panel"
    >
      <h4 id="new-poll-heading">{t.liveConsole.newPollHeading}</h4>
      <TextField
        id="poll-question"
        label={t.liveConsole.question}
        value={question}
        maxLength={200}
        onChange={(event) => {
          setQuestion(event.target.value);
        }}
      />
      {options.map((option, index) => (
        <TextField
          // The fields only grow at the end, so their position is a stable key.
          key={index}
          id={`poll-option-${String(index + 1)}`}
          label={t.liveConsole.option(index + 1)}
          value={option}
          maxLength={100}
          optional={index >= 2}
          onChange={(event) => {
            const value = event.target.value;
            setOptions((current) => current.map((old, at) => (at === index ? value : old)));
          }}
        />
      ))}
      <div role="alert" className="alert-region">
        {problem !== undefined && <p className="field-error">{problem}</p>}
      </div>
      <div className="button-row">
        {options.length < MAX_OPTIONS && (
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              setOptions((current) => [...current, '']);
            }}
          >
            {t.liveConsole.addOption}
          </button>
        )}
        <button type="submit" disabled={busy}>
          {t.liveConsole.createPoll}
        </button>
      </div>
    </form>
  );
}
