import { z } from 'zod';

import { ConflictError } from './errors.js';
import type { LtcEvent } from './event.js';
import { personText } from './text.js';

/*
 * The live side of an event night: which talk is on, its countdown, and the polls the audience
 * votes in. The organizer drives all of it; the audience only votes.
 */

export const POLL_STATUSES = ['ready', 'open', 'closed'] as const;
export type PollStatus = (typeof POLL_STATUSES)[number];

/** Most options a poll offers; a question with more does not fit a phone screen. */
export const MAX_POLL_OPTIONS = 10;

export interface PollOption {
  readonly id: string;
  readonly label: string;
}

/** A question put to the audience, with its options and, once votes come in, their counts. */
export interface Poll {
  readonly id: string;
  readonly eventId: string;
  readonly question: string;
  readonly options: readonly PollOption[];
  readonly status: PollStatus;
  readonly createdAt: string;
  readonly openedAt: string | undefined;
  readonly closedAt: string | undefined;
}

/** A poll with its votes counted: one count per option, and their sum. */
export interface PollResults extends Poll {
  readonly counts: Readonly<Record<string, number>>;
  readonly totalVotes: number;
}

export const createPollSchema = z.strictObject({
  question: personText(200),
  options: z
    .array(personText(100))
    .min(2, { error: 'must offer at least 2 options' })
    .max(MAX_POLL_OPTIONS, { error: `must offer at most ${MAX_POLL_OPTIONS} options` })
    .refine((labels) => new Set(labels.map(comparableLabel)).size === labels.length, {
      error: 'must not repeat an option',
    }),
});
export type CreatePollInput = z.infer<typeof createPollSchema>;

/**
 * An option's label as a person reads it, for telling repeats apart: Unicode compatibility
 * forms folded (full-width letters, composed and decomposed accents), invisible characters
 * and case ignored, runs of spaces as one.
 */
function comparableLabel(label: string): string {
  return label
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLocaleLowerCase('und');
}

/** Ids of a new poll's options, in the order given: `o1`, `o2`, … */
export function pollOptions(labels: readonly string[]): PollOption[] {
  return labels.map((label, index) => ({ id: `o${String(index + 1)}`, label }));
}

/** Throws unless a poll in `from` may move to `to`: ready → open → closed, never back. */
export function assertPollTransition(from: PollStatus, to: 'open' | 'closed'): void {
  if (to === 'open' && from !== 'ready') {
    throw new ConflictError('poll-not-ready', `a poll that is ${from} cannot be opened again`);
  }
  if (to === 'closed' && from !== 'open') {
    throw new ConflictError(
      'poll-not-open',
      `only an open poll can be closed; this one is ${from}`,
    );
  }
}

/** Throws unless the night of `event` is running, which the live controls need. */
export function assertEventLive(event: Pick<LtcEvent, 'status'>): void {
  if (event.status !== 'ongoing') {
    throw new ConflictError(
      'event-not-ongoing',
      `live controls work while an event is ongoing; this one is ${event.status}`,
    );
  }
}

/** Throws unless polls may still be prepared for `event`. */
export function assertCanPreparePoll(event: Pick<LtcEvent, 'status'>): void {
  if (event.status !== 'upcoming' && event.status !== 'ongoing') {
    throw new ConflictError('event-closed', `polls of a ${event.status} event cannot be changed`);
  }
}

/** Counts votes per option; every option is present, with 0 when nobody chose it. */
export function countVotes(poll: Poll, choices: readonly string[]): PollResults {
  const counts: Record<string, number> = {};
  for (const option of poll.options) counts[option.id] = 0;
  let totalVotes = 0;
  for (const choice of choices) {
    if (counts[choice] === undefined) continue;
    counts[choice] += 1;
    totalVotes += 1;
  }
  return { ...poll, counts, totalVotes };
}

/** The countdown of the current talk, as the organizer last set it. */
export type TalkTimer =
  | { readonly state: 'idle'; readonly durationSeconds: number }
  | { readonly state: 'running'; readonly durationSeconds: number; readonly endsAt: string }
  | { readonly state: 'paused'; readonly durationSeconds: number; readonly remainingMs: number };

export const TIMER_ACTIONS = ['start', 'pause', 'reset'] as const;
export type TimerAction = (typeof TIMER_ACTIONS)[number];

export const timerActionSchema = z.strictObject({ action: z.enum(TIMER_ACTIONS) });
export const currentTalkSchema = z.strictObject({
  talkId: z.string().min(1).max(64).nullable(),
});

/**
 * The timer after `action` at `now`: start runs it from where it stands (a full talk when idle,
 * the time left when paused); pause keeps the time left; reset goes back to a full talk.
 */
export function applyTimerAction(timer: TalkTimer, action: TimerAction, now: Date): TalkTimer {
  const { durationSeconds } = timer;
  switch (action) {
    case 'start': {
      if (timer.state === 'running') return timer;
      const remainingMs = timer.state === 'paused' ? timer.remainingMs : durationSeconds * 1000;
      return {
        state: 'running',
        durationSeconds,
        endsAt: new Date(now.getTime() + remainingMs).toISOString(),
      };
    }
    case 'pause': {
      if (timer.state !== 'running') return timer;
      const remainingMs = Math.max(0, new Date(timer.endsAt).getTime() - now.getTime());
      return { state: 'paused', durationSeconds, remainingMs };
    }
    case 'reset':
      return { state: 'idle', durationSeconds };
  }
}

/** What is on stage: the current talk and its countdown. */
export interface LiveStage {
  readonly currentTalkId: string | undefined;
  readonly timer: TalkTimer;
  /** Goes up by one with every change, so a client can drop an update older than what it shows. */
  readonly revision: number;
}

/** The stage of an event before the organizer has touched it. */
export function initialStage(event: Pick<LtcEvent, 'talkMinutes'>): LiveStage {
  return {
    currentTalkId: undefined,
    timer: { state: 'idle', durationSeconds: event.talkMinutes * 60 },
    revision: 0,
  };
}

/** A voter's own random key, made and kept by their browser; at least 128 bits. */
export const voterKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22,64}$/, { error: 'must be 22 to 64 URL-safe characters' });
