import type { LiveTalk, LiveView, PollStatus, PollView, TalkTimer } from '../api/types.js';

/*
 * How the page folds what the server sends into what it shows. Messages can arrive out of
 * order (a broadcast overtaking the reply to a reconnect, two organizers acting at once), so
 * every rule here keeps the newer of two states rather than the one that arrived last.
 */

const POLL_PROGRESS: Record<PollStatus, number> = { ready: 0, open: 1, closed: 2 };

/** The newer of two views of one poll: a later status wins, then the larger count of votes. */
export function newerPoll(shown: PollView, incoming: PollView): PollView {
  const shownStep = POLL_PROGRESS[shown.status];
  const incomingStep = POLL_PROGRESS[incoming.status];
  if (incomingStep !== shownStep) return incomingStep > shownStep ? incoming : shown;
  return incoming.totalVotes >= shown.totalVotes ? incoming : shown;
}

/**
 * The view to show after `incoming` arrives. A view of an older stage revision is dropped;
 * polls are kept at their newest, because poll changes do not move the stage revision.
 */
export function applyLiveView(shown: LiveView | undefined, incoming: LiveView): LiveView {
  if (shown === undefined) return incoming;
  if (incoming.revision < shown.revision) return shown;
  const shownPolls = new Map(shown.polls.map((poll) => [poll.id, poll]));
  const polls = incoming.polls.map((poll) => {
    const before = shownPolls.get(poll.id);
    return before === undefined ? poll : newerPoll(before, poll);
  });
  const incomingIds = new Set(polls.map((poll) => poll.id));
  // A poll the server just created may be missing from a view made a moment before it.
  const kept = shown.polls.filter((poll) => !incomingIds.has(poll.id));
  return { ...incoming, polls: [...polls, ...kept] };
}

/** The view after new counts of one poll arrive (a vote), or a poll was created or changed. */
export function applyPoll(shown: LiveView | undefined, incoming: PollView): LiveView | undefined {
  if (shown === undefined) return undefined;
  const index = shown.polls.findIndex((poll) => poll.id === incoming.id);
  if (index === -1) return { ...shown, polls: [...shown.polls, incoming] };
  const polls = [...shown.polls];
  const before = polls[index];
  if (before !== undefined) polls[index] = newerPoll(before, incoming);
  return { ...shown, polls };
}

/** The talk on stage and the one after it in the running order. */
export function stageOf(view: LiveView): { current?: LiveTalk; next?: LiveTalk } {
  const index = view.talks.findIndex((talk) => talk.id === view.currentTalkId);
  if (index === -1) return { next: view.talks[0] };
  return { current: view.talks[index], next: view.talks[index + 1] };
}

/**
 * Milliseconds left on the countdown at the browser's `now`. `clockOffsetMs` is how far the
 * server's clock is ahead of the browser's, so a phone whose clock is off still counts right.
 */
export function remainingMs(timer: TalkTimer, clockOffsetMs: number, now: number): number {
  switch (timer.state) {
    case 'idle':
      return timer.durationSeconds * 1000;
    case 'paused':
      return Math.max(0, timer.remainingMs);
    case 'running':
      return Math.max(0, Date.parse(timer.endsAt) - (now + clockOffsetMs));
  }
}

/** `mm:ss` of a countdown, rounded up so that it shows 0:00 only when the time is up. */
export function formatCountdown(milliseconds: number): string {
  const seconds = Math.max(0, Math.ceil(milliseconds / 1000));
  const minutes = Math.floor(seconds / 60);
  return `${String(minutes).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A count's share of all votes, in whole percent (0 when nobody voted yet). */
export function percentOf(count: number, total: number): number {
  return total === 0 ? 0 : Math.round((count / total) * 100);
}
