import type { PollView } from '../api/types.js';
import { useI18n } from '../i18n/language.js';
import { percentOf } from './live-state.js';

/**
 * A poll's counts as bars, one per option, with the count and share written out (the bars are
 * drawing only). `chosen` marks the option this browser voted for.
 */
export function PollResults({ poll, chosen }: { poll: PollView; chosen?: string | undefined }) {
  const { t } = useI18n();
  const heading = poll.status === 'closed' ? t.live.finalResults : t.live.results;

  return (
    <div className="poll-results">
      <p className="poll-results__heading">
        {heading} <span className="muted">({t.live.totalVotes(poll.totalVotes)})</span>
      </p>
      <ul aria-label={heading}>
        {poll.options.map((option) => {
          const count = poll.counts[option.id] ?? 0;
          const percent = percentOf(count, poll.totalVotes);
          return (
            <li
              key={option.id}
              className={option.id === chosen ? 'poll-results__option--chosen' : undefined}
            >
              <span className="poll-results__row">
                <span className="poll-results__label">{option.label}</span>{' '}
                <span className="poll-results__count">{t.live.optionResult(count, percent)}</span>
              </span>
              <span className="poll-results__bar" aria-hidden="true">
                <span style={{ width: `${String(percent)}%` }} />
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
