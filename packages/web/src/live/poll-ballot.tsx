import { useId, useState, type SubmitEvent } from 'react';

import type { PollView } from '../api/types.js';
import { useI18n } from '../i18n/language.js';
import type { Messages, ProblemCode } from '../i18n/messages-ja.js';
import { PollResults } from './poll-results.js';
import type { LiveEvent } from './use-live-event.js';

/** A refused vote's reason in the visitor's language, from the error frame's code. */
function refusalText(code: string, t: Messages): string {
  return Object.hasOwn(t.problems, code) ? t.problems[code as ProblemCode] : t.live.voteFailed;
}

/**
 * One poll for the audience: while open and not yet voted from this browser, its options as
 * radio buttons with a Vote button; then (and for everybody once closed) its results.
 */
export function PollBallot({
  poll,
  live,
}: {
  poll: PollView;
  live: Pick<LiveEvent, 'myVote' | 'vote' | 'voteError' | 'connection'>;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const [choice, setChoice] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const mine = live.myVote(poll.id);
  const voted = mine?.state === 'voted';
  const chosenLabel = poll.options.find((option) => option.id === mine?.optionId)?.label;
  const refused = live.voteError?.pollId === poll.id ? live.voteError.code : undefined;

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (choice === undefined) {
      setProblem(t.live.chooseFirst);
      return;
    }
    setProblem(live.vote(poll.id, choice) ? undefined : t.live.notConnected);
  }

  const refusal =
    refused === undefined || refused === 'already-voted' ? undefined : refusalText(refused, t);
  const shownProblem = problem ?? refusal;

  return (
    <li className="card poll">
      <h3 className="card-title" id={headingId}>
        {poll.question}{' '}
        <span className={`badge badge-poll-${poll.status}`}>{t.live.pollStatus[poll.status]}</span>
      </h3>
      {poll.status === 'open' && !voted && (
        <form className="poll__form" onSubmit={submit} noValidate>
          <fieldset className="radio-group">
            <legend className="visually-hidden">{poll.question}</legend>
            {poll.options.map((option) => (
              <div className="choice" key={option.id}>
                <input
                  type="radio"
                  id={`${headingId}-${option.id}`}
                  name={`poll-${poll.id}`}
                  value={option.id}
                  checked={choice === option.id}
                  aria-describedby={shownProblem === undefined ? undefined : `${headingId}-problem`}
                  onChange={() => {
                    setChoice(option.id);
                    setProblem(undefined);
                  }}
                />
                <label htmlFor={`${headingId}-${option.id}`}>{option.label}</label>
              </div>
            ))}
          </fieldset>
          <div role="alert" className="alert-region">
            {shownProblem !== undefined && (
              <p id={`${headingId}-problem`} className="field-error">
                {shownProblem}
              </p>
            )}
          </div>
          <button type="submit" aria-describedby={headingId} disabled={mine?.state === 'sending'}>
            {mine?.state === 'sending' ? t.live.voting : t.live.vote}
          </button>
        </form>
      )}
      <div role="status" aria-live="polite" className="poll__mine">
        {voted && (
          <p className="notice notice-ok">
            {chosenLabel === undefined ? t.live.youVoted : t.live.youVotedFor(chosenLabel)}
          </p>
        )}
      </div>
      <PollResults poll={poll} chosen={mine?.state === 'voted' ? mine.optionId : undefined} />
    </li>
  );
}
