import { describe, expect, it } from 'vitest';

import type { LiveView, PollView, TalkTimer } from '../api/types.js';
import { readRealtimeUrl } from '../api/site-config.js';
import {
  applyLiveView,
  applyPoll,
  formatCountdown,
  percentOf,
  remainingMs,
  stageOf,
} from './live-state.js';
import { parseServerMessage, retryDelayMs } from './live-socket.js';

function aPoll(overrides: Partial<PollView> = {}): PollView {
  return {
    id: 'p1',
    question: 'Best talk?',
    options: [
      { id: 'o1', label: 'A' },
      { id: 'o2', label: 'B' },
    ],
    status: 'open',
    counts: { o1: 0, o2: 0 },
    totalVotes: 0,
    ...overrides,
  };
}

function aView(overrides: Partial<LiveView> = {}): LiveView {
  return {
    eventId: 'e1',
    serverTime: '2026-12-04T10:00:00.000Z',
    revision: 1,
    currentTalkId: null,
    timer: { state: 'idle', durationSeconds: 300 },
    talks: [
      { id: 't1', title: 'One', speakerName: 'Ann', category: 'tech' },
      { id: 't2', title: 'Two', speakerName: 'Ben', category: 'food' },
    ],
    polls: [],
    ...overrides,
  };
}

describe('applyLiveView', () => {
  it('drops a view of an older stage revision', () => {
    const shown = aView({ revision: 3, currentTalkId: 't2' });

    expect(applyLiveView(shown, aView({ revision: 2, currentTalkId: 't1' }))).toBe(shown);
  });

  it('keeps the larger vote count when a view of the same revision arrives late', () => {
    const shown = aView({ polls: [aPoll({ counts: { o1: 2, o2: 1 }, totalVotes: 3 })] });

    const next = applyLiveView(shown, aView({ polls: [aPoll({ totalVotes: 1 })] }));

    expect(next.polls[0]?.totalVotes).toBe(3);
  });

  it('never moves a closed poll back to open', () => {
    const shown = aView({ polls: [aPoll({ status: 'closed' })] });

    expect(applyLiveView(shown, aView({ polls: [aPoll()] })).polls[0]?.status).toBe('closed');
  });
});

describe('applyPoll', () => {
  it('adds a new poll and keeps the newer counts of a known one', () => {
    const shown = aView({ polls: [aPoll({ totalVotes: 2 })] });

    const older = applyPoll(shown, aPoll({ totalVotes: 1 }));
    const added = applyPoll(shown, aPoll({ id: 'p2' }));

    expect(older?.polls[0]?.totalVotes).toBe(2);
    expect(added?.polls.map((poll) => poll.id)).toEqual(['p1', 'p2']);
  });
});

describe('the countdown', () => {
  it('counts a running timer on the server clock, not the browser clock', () => {
    const timer: TalkTimer = {
      state: 'running',
      durationSeconds: 300,
      endsAt: '2026-12-04T10:05:00.000Z',
    };
    const browserNow = Date.parse('2026-12-04T10:00:00.000Z');

    // The browser's clock is 30 s behind the server's.
    expect(remainingMs(timer, 30_000, browserNow)).toBe(270_000);
    expect(remainingMs(timer, 0, browserNow + 400_000)).toBe(0);
  });

  it('shows mm:ss rounded up, and 00:00 only when time is up', () => {
    expect(formatCountdown(300_000)).toBe('05:00');
    expect(formatCountdown(59_001)).toBe('01:00');
    expect(formatCountdown(1)).toBe('00:01');
    expect(formatCountdown(0)).toBe('00:00');
  });
});

describe('the stage', () => {
  it('names the first talk before any is on stage, and none after the last', () => {
    expect(stageOf(aView()).next?.id).toBe('t1');
    expect(stageOf(aView({ currentTalkId: 't2' }))).toEqual({
      current: expect.objectContaining({ id: 't2' }) as unknown,
      next: undefined,
    });
  });

  it('writes shares in whole percent and 0 before any vote', () => {
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(0, 0)).toBe(0);
  });
});

describe('the connection', () => {
  it('waits longer after each failed attempt, up to 30 s, with jitter in the upper half', () => {
    expect(retryDelayMs(0, () => 0)).toBe(500);
    expect(retryDelayMs(0, () => 1)).toBe(1000);
    expect(retryDelayMs(3, () => 0)).toBe(4000);
    expect(retryDelayMs(50, () => 1)).toBe(30_000);
  });

  it('turns a path into a WebSocket URL on the page host and keeps a full URL', () => {
    const page = { protocol: 'https:', host: 'example.com' };

    expect(readRealtimeUrl({ realtime: { url: '/ws' } }, page)).toBe('wss://example.com/ws');
    expect(readRealtimeUrl({ realtime: { url: 'wss://rt.example.com/live' } }, page)).toBe(
      'wss://rt.example.com/live',
    );
    expect(readRealtimeUrl({}, { protocol: 'http:', host: 'localhost:3000' })).toBe(
      'ws://localhost:3000/ws',
    );
  });

  it('ignores frames that are not messages it knows', () => {
    expect(parseServerMessage('{"type":"pong"}')).toEqual({ type: 'pong' });
    expect(parseServerMessage('{"type":"surprise"}')).toBeUndefined();
    expect(parseServerMessage('not json')).toBeUndefined();
  });
});
