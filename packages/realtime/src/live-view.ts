import type { LiveSnapshot } from '@ltc/data';
import type { PollResults, TalkTimer } from '@ltc/domain';

/** A talk as the live page shows it: what is public about it, never the speaker's e-mail. */
export interface LiveTalkView {
  readonly id: string;
  readonly title: string;
  readonly speakerName: string;
  readonly category: string;
}

export interface PollView {
  readonly id: string;
  readonly question: string;
  options: { id: string; label: string }[];
  readonly status: PollResults['status'];
  counts: Record<string, number>;
  readonly totalVotes: number;
}

/** The live event page's whole state, as the API answers it and the WebSocket pushes it. */
export interface LiveView {
  readonly eventId: string;
  /** The server's clock when this view was made, so a client can correct its own for the countdown. */
  readonly serverTime: string;
  readonly revision: number;
  readonly currentTalkId: string | null;
  readonly timer: TalkTimer;
  talks: LiveTalkView[];
  polls: PollView[];
}

export function toPollView(poll: PollResults): PollView {
  return {
    id: poll.id,
    question: poll.question,
    options: poll.options.map(({ id, label }) => ({ id, label })),
    status: poll.status,
    counts: { ...poll.counts },
    totalVotes: poll.totalVotes,
  };
}

export function toLiveView(snapshot: LiveSnapshot, now: Date): LiveView {
  return {
    eventId: snapshot.eventId,
    serverTime: now.toISOString(),
    revision: snapshot.stage.revision,
    currentTalkId: snapshot.stage.currentTalkId ?? null,
    timer: snapshot.stage.timer,
    talks: snapshot.talks.map(({ id, title, speakerName, category }) => ({
      id,
      title,
      speakerName,
      category,
    })),
    polls: snapshot.polls.map(toPollView),
  };
}
