import { useEffect, useId, useRef, useState } from 'react';

import type { TalkTimer } from '../api/types.js';
import { useI18n } from '../i18n/language.js';
import { formatCountdown, remainingMs } from './live-state.js';

/** How often a running countdown redraws; under a second, so no second is ever skipped. */
const TICK_MS = 250;
const LAST_MINUTE_MS = 60_000;

/**
 * The countdown of the talk on stage, in `mm:ss`, on the server's clock. The time itself is a
 * `timer` that screen readers do not read out each second; a polite region beside it says
 * when the timer starts, pauses or resets, when the last minute begins and when time is up.
 */
export function Countdown({ timer, clockOffsetMs }: { timer: TalkTimer; clockOffsetMs: number }) {
  const { t } = useI18n();
  const labelId = useId();
  const [now, setNow] = useState(() => Date.now());
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    if (timer.state !== 'running') return;
    setNow(Date.now());
    const interval = window.setInterval(() => {
      setNow(Date.now());
    }, TICK_MS);
    return () => {
      window.clearInterval(interval);
    };
  }, [timer]);

  const left = remainingMs(timer, clockOffsetMs, timer.state === 'running' ? now : 0);
  const shown = formatCountdown(left);
  const running = timer.state === 'running';
  const lastMinute = running && left > 0 && left <= LAST_MINUTE_MS;
  const timeUp = running && left === 0;

  // What changed is announced; the page's first state is not, as it is read with the page.
  const stateKey =
    timer.state === 'running'
      ? `running ${timer.endsAt}`
      : timer.state === 'paused'
        ? `paused ${String(timer.remainingMs)}`
        : 'idle';
  const firstKey = useRef(stateKey);
  useEffect(() => {
    if (stateKey === firstKey.current) return;
    firstKey.current = '';
    const leftNow = formatCountdown(remainingMs(timer, clockOffsetMs, Date.now()));
    setAnnouncement(
      timer.state === 'idle' ? t.live.announce.idle : t.live.announce[timer.state](leftNow),
    );
    // Only a change of the timer's state is news here; the countdown's own ticks are not.
  }, [stateKey]);
  useEffect(() => {
    if (lastMinute) setAnnouncement(t.live.announce.lastMinute);
  }, [lastMinute, t]);
  useEffect(() => {
    if (timeUp) setAnnouncement(t.live.announce.timeUp);
  }, [timeUp, t]);

  const tone = timeUp ? ' countdown--up' : lastMinute ? ' countdown--last-minute' : '';
  return (
    <div className={`countdown${tone}`}>
      <p className="countdown__label" id={labelId}>
        {t.live.timerLabel}{' '}
        <span className={`badge badge-timer-${timer.state}`}>{t.live.timerState[timer.state]}</span>
      </p>
      <p role="timer" aria-labelledby={labelId} className="countdown__time">
        {shown}
      </p>
      <p role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </p>
    </div>
  );
}
