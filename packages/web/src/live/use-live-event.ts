import { useCallback, useEffect, useRef, useState } from 'react';

import { getLive } from '../api/public-api.js';
import { loadRealtimeUrl } from '../api/site-config.js';
import type { LiveView, PollView } from '../api/types.js';
import { applyLiveView, applyPoll } from './live-state.js';
import { LiveSocket, type ConnectionState, type ServerMessage } from './live-socket.js';
import { rememberChoice, rememberedChoice, voterKey } from './voter.js';

/** Where this browser stands in one poll. */
export type MyVote =
  | { readonly state: 'sending'; readonly optionId: string }
  /** `optionId` is `''` when the server says this browser voted but the page forgot the choice. */
  | { readonly state: 'voted'; readonly optionId: string };

export interface LiveEvent {
  /** Undefined until the first view arrives, over HTTP or the WebSocket. */
  readonly view: LiveView | undefined;
  /** Why the first view could not be loaded; the WebSocket keeps trying meanwhile. */
  readonly loadError: unknown;
  readonly connection: ConnectionState;
  /** How far the server's clock is ahead of this browser's, in milliseconds. */
  readonly clockOffsetMs: number;
  /** This browser's vote in a poll, by poll id. */
  readonly myVote: (pollId: string) => MyVote | undefined;
  /** Sends a vote; false when the connection is not open to take it. */
  readonly vote: (pollId: string, optionId: string) => boolean;
  /** The code of the last refused vote (`already-voted`, `poll-closed`, …), with its poll. */
  readonly voteError: { readonly pollId: string; readonly code: string } | undefined;
  /** Shows a view an organizer call answered with, under the same rules as a broadcast. */
  readonly showView: (view: LiveView) => void;
  /** Shows a poll an organizer call answered with. */
  readonly showPoll: (poll: PollView) => void;
}

function withoutPoll(
  votes: Readonly<Record<string, MyVote>>,
  pollId: string,
): Record<string, MyVote> {
  return Object.fromEntries(Object.entries(votes).filter(([id]) => id !== pollId));
}

function offsetOf(view: LiveView): number {
  const serverTime = Date.parse(view.serverTime);
  return Number.isNaN(serverTime) ? 0 : serverTime - Date.now();
}

/**
 * Follows an event night: loads its live view once over HTTP for a quick first paint, then
 * keeps it current through the WebSocket, and votes through it for this browser.
 */
export function useLiveEvent(eventId: string): LiveEvent {
  const [view, setView] = useState<LiveView>();
  const [loadError, setLoadError] = useState<unknown>();
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [clockOffsetMs, setClockOffsetMs] = useState(0);
  const [votes, setVotes] = useState<Readonly<Record<string, MyVote>>>({});
  const [voteError, setVoteError] = useState<LiveEvent['voteError']>();
  const socketRef = useRef<LiveSocket>(undefined);
  const pendingVote = useRef<{ pollId: string; optionId: string }>(undefined);

  const showView = useCallback((incoming: LiveView) => {
    setClockOffsetMs(offsetOf(incoming));
    setView((shown) => applyLiveView(shown, incoming));
  }, []);
  const showPoll = useCallback((poll: PollView) => {
    setView((shown) => applyPoll(shown, poll));
  }, []);

  const settleVote = useCallback((pollId: string, optionId: string) => {
    pendingVote.current = undefined;
    rememberChoice(pollId, optionId);
    setVotes((current) => ({ ...current, [pollId]: { state: 'voted', optionId } }));
  }, []);

  const receive = useCallback(
    (message: ServerMessage) => {
      switch (message.type) {
        case 'subscribed':
        case 'live':
          if (message.live.eventId === eventId) showView(message.live);
          return;
        case 'poll':
          if (message.eventId === eventId) showPoll(message.poll);
          return;
        case 'voted':
          settleVote(message.pollId, message.optionId);
          return;
        case 'error': {
          const pending = pendingVote.current;
          if (pending === undefined) return;
          if (message.code === 'already-voted') {
            settleVote(pending.pollId, rememberedChoice(pending.pollId) ?? '');
          } else {
            pendingVote.current = undefined;
            setVotes((current) => withoutPoll(current, pending.pollId));
          }
          setVoteError({ pollId: pending.pollId, code: message.code });
          return;
        }
        case 'pong':
          return;
      }
    },
    [eventId, showView, showPoll, settleVote],
  );

  useEffect(() => {
    const controller = new AbortController();
    setView(undefined);
    setLoadError(undefined);
    getLive(eventId, controller.signal).then(showView, (error: unknown) => {
      if (!controller.signal.aborted) setLoadError(error);
    });

    const socket = new LiveSocket({
      url: () => loadRealtimeUrl(),
      eventId,
      onState: (state) => {
        setConnection(state);
        // A vote in flight when the connection dropped may or may not have counted: a second
        // try answers `already-voted` if it did.
        if (state !== 'live' && pendingVote.current !== undefined) {
          const { pollId } = pendingVote.current;
          pendingVote.current = undefined;
          setVotes((current) => withoutPoll(current, pollId));
        }
      },
      onMessage: receive,
    });
    socketRef.current = socket;
    socket.start();
    return () => {
      controller.abort();
      socket.stop();
      socketRef.current = undefined;
    };
  }, [eventId, showView, receive]);

  const myVote = useCallback(
    (pollId: string): MyVote | undefined => {
      const current = votes[pollId];
      if (current !== undefined) return current;
      const remembered = rememberedChoice(pollId);
      return remembered === undefined ? undefined : { state: 'voted', optionId: remembered };
    },
    [votes],
  );

  const vote = useCallback((pollId: string, optionId: string): boolean => {
    if (pendingVote.current !== undefined) return false;
    const sent =
      socketRef.current?.send({ type: 'vote', pollId, optionId, voterKey: voterKey() }) ?? false;
    if (!sent) return false;
    pendingVote.current = { pollId, optionId };
    setVoteError(undefined);
    setVotes((current) => ({ ...current, [pollId]: { state: 'sending', optionId } }));
    return true;
  }, []);

  return {
    view,
    loadError,
    connection,
    clockOffsetMs,
    myVote,
    vote,
    voteError,
    showView,
    showPoll,
  };
}
