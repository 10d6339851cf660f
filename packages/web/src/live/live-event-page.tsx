import { Link, useParams } from 'react-router';

import { getEvent } from '../api/public-api.js';
import type { LiveView, PollView } from '../api/types.js';
import { problemText } from '../components/problems.js';
import { useDocumentTitle } from '../components/use-document-title.js';
import { useLoader } from '../components/use-loader.js';
import { useI18n } from '../i18n/language.js';
import { ConnectionStatus } from './connection-status.js';
import { Countdown } from './countdown.js';
import { stageOf } from './live-state.js';
import { PollBallot } from './poll-ballot.js';
import { useLiveEvent, type LiveEvent } from './use-live-event.js';

/** Open polls first, then closed ones; polls still being prepared are the organizer's own. */
function audiencePolls(polls: readonly PollView[]): PollView[] {
  return [
    ...polls.filter((poll) => poll.status === 'open'),
    ...polls.filter((poll) => poll.status === 'closed'),
  ];
}

/**
 * The audience's page of an event night: the talk on stage with its countdown, the polls to
 * vote in with their results, and the running order, all kept current over the WebSocket.
 */
export function LiveEventPage() {
  const { eventId = '' } = useParams();
  const { t } = useI18n();
  const event = useLoader((signal) => getEvent(eventId, signal), [eventId]);
  const live = useLiveEvent(eventId);
  const title = event.state.status === 'loaded' ? event.state.data.title : undefined;
  useDocumentTitle(title === undefined ? undefined : t.live.heading(title));

  return (
    <article className="live">
      <p>
        <Link to={`/events/${encodeURIComponent(eventId)}`}>{t.live.toEvent}</Link>
      </p>
      <h1 className="live__heading">{title === undefined ? '\u00a0' : t.live.heading(title)}</h1>
      <ConnectionStatus state={live.connection} />
      {live.view === undefined ? (
        live.loadError === undefined ? (
          <p className="loading" role="status">
            {t.common.loading}
          </p>
        ) : (
          <p className="notice notice-error" role="alert">
            {problemText(live.loadError, t)}
          </p>
        )
      ) : (
        <LiveNight view={live.view} live={live} />
      )}
    </article>
  );
}

function LiveNight({ view, live }: { view: LiveView; live: LiveEvent }) {
  const { t } = useI18n();
  const { current, next } = stageOf(view);
  const polls = audiencePolls(view.polls);

  let upcoming: string;
  if (current === undefined) upcoming = next === undefined ? '' : t.live.firstUp(next.title);
  else upcoming = next === undefined ? t.live.lastTalk : t.live.upNext(next.title);

  return (
    <>
      <section aria-labelledby="stage-heading" className="panel live-stage">
        <h2 id="stage-heading">{t.live.stageHeading}</h2>
        <div className="live-stage__talk">
          {current === undefined ? (
            <p className="live-stage__title muted">{t.live.nothingOnStage}</p>
          ) : (
            <>
              <p className="live-stage__title">{current.title}</p>
              <p className="live-stage__speaker">
                {t.live.by(current.speakerName)}{' '}
                <span className="badge">{t.categories[current.category]}</span>
              </p>
            </>
          )}
        </div>
        <Countdown timer={view.timer} clockOffsetMs={live.clockOffsetMs} />
        <p className="live-stage__next">{upcoming}</p>
      </section>

      <section aria-labelledby="polls-heading">
        <h2 id="polls-heading">{t.live.pollsHeading}</h2>
        {polls.length === 0 ? (
          <p>{t.live.noPolls}</p>
        ) : (
          <ul className="card-list polls">
            {polls.map((poll) => (
              <PollBallot key={poll.id} poll={poll} live={live} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="live-order-heading">
        <h2 id="live-order-heading">{t.live.runningOrderHeading}</h2>
        {view.talks.length === 0 ? (
          <p>{t.live.noTalks}</p>
        ) : (
          <ol className="live-order">
            {view.talks.map((talk) => {
              const onStage = talk.id === view.currentTalkId;
              return (
                <li
                  key={talk.id}
                  aria-current={onStage ? 'true' : undefined}
                  className={onStage ? 'live-order__talk--current' : undefined}
                >
                  <span className="live-order__title">{talk.title}</span>{' '}
                  <span className="muted">{t.live.by(talk.speakerName)}</span>
                  {onStage && (
                    <>
                      {' '}
                      <span className="badge badge-ongoing">{t.live.nowBadge}</span>
                    </>
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </>
  );
}
