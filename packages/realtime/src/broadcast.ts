import type { ConnectionsRepository, LiveRepository } from '@ltc/data';

import { toLiveView, toPollView, type LiveView } from './live-view.js';
import type { ServerMessage } from './messages.js';

/** How a message reaches one connection: API Gateway's management API, or a local socket. */
export interface ConnectionSender {
  /** Sends one frame; `gone` when the connection no longer exists (API Gateway's 410). */
  send(connectionId: string, data: string): Promise<'sent' | 'gone'>;
  /** Closes a connection from the server's side. */
  disconnect(connectionId: string, reason: string): Promise<void>;
}

/**
 * Pushes changes of an event night to everybody following the event, and forgets the
 * connections that turn out to be gone, so the next broadcast does not try them again.
 */
export class LiveBroadcaster {
  /** Poll broadcasts under way, by event and poll, and whether a vote came in meanwhile. */
  private readonly pollRounds = new Map<string, { again: boolean; done: Promise<void> }>();

  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly live: LiveRepository,
    private readonly sender: ConnectionSender,
    /**
     * The connections following an event. @default The connection store's subscribers; a
     * server that holds every connection itself (the local one) may answer from memory.
     */
    private readonly audience: (eventId: string) => Promise<string[]> = (eventId) =>
      connections.subscribers(eventId),
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Sends the whole live state: after a change of the talk on stage, its timer or a poll's
   * status. `view` is the state the caller already read, if it did.
   */
  async liveChanged(eventId: string, view?: LiveView): Promise<void> {
    const subscribers = await this.audience(eventId);
    // Most changes happen long before the night, when nobody follows the event yet.
    if (subscribers.length === 0) return;
    view ??= toLiveView(await this.live.snapshot(eventId), this.now());
    await this.send(
      subscribers,
      JSON.stringify({ type: 'live', live: view } satisfies ServerMessage),
    );
  }

  /**
   * Sends one poll's new counts: after a vote. Votes that arrive while the counts of the same
   * poll are being sent are covered by one more round after it, not one round each, so a burst
   * of votes costs a few broadcasts instead of one per vote. The promise settles once counts
   * that include the caller's vote went out.
   */
  pollChanged(eventId: string, pollId: string): Promise<void> {
    const key = `${eventId}/${pollId}`;
    const running = this.pollRounds.get(key);
    if (running !== undefined) {
      running.again = true;
      return running.done;
    }
    const round = { again: true, done: Promise.resolve() };
    round.done = (async () => {
      try {
        while (round.again) {
          round.again = false;
          const poll = toPollView(await this.live.pollResults(eventId, pollId));
          await this.toEvent(eventId, { type: 'poll', eventId, poll });
        }
      } finally {
        this.pollRounds.delete(key);
      }
    })();
    this.pollRounds.set(key, round);
    return round.done;
  }

  /** Sends `message` to every connection following `eventId`; returns how many received it. */
  async toEvent(eventId: string, message: ServerMessage): Promise<number> {
    return this.send(await this.audience(eventId), JSON.stringify(message));
  }

  private async send(subscribers: readonly string[], data: string): Promise<number> {
    const outcomes = await Promise.all(
      subscribers.map(async (connectionId) => {
        const outcome = await this.sender.send(connectionId, data);
        if (outcome === 'gone') await this.connections.close(connectionId);
        return outcome;
      }),
    );
    return outcomes.filter((outcome) => outcome === 'sent').length;
  }
}

/** A broadcaster for runtimes without live updates; changes are still stored. */
export const NO_BROADCAST: Pick<LiveBroadcaster, 'liveChanged' | 'pollChanged'> = {
  liveChanged: () => Promise.resolve(),
  pollChanged: () => Promise.resolve(),
};
