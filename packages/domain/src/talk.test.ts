import { describe, expect, it } from 'vitest';

import type { LtcEvent } from './event.js';
import { ConflictError, RuleViolationError } from './errors.js';
import {
  assertCanReview,
  assertCanSubmitTalk,
  assertSpeakerCanChange,
  inRunningOrder,
  submitTalkSchema,
  type Talk,
} from './talk.js';

const event = {
  status: 'upcoming',
  talkSubmissionOpen: true,
} as LtcEvent;

function talk(overrides: Partial<Talk>): Talk {
  return {
    id: 't',
    eventId: 'e',
    title: 'title',
    abstract: 'abstract',
    category: 'tech',
    speakerName: 'name',
    speakerEmail: 'a@example.com',
    slideUrl: undefined,
    status: 'pending',
    runningOrder: undefined,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    acceptedAt: undefined,
    ...overrides,
  };
}

describe('talk input', () => {
  const valid = {
    title: 'a'.repeat(200),
    abstract: 'b'.repeat(2000),
    category: 'garden',
    speakerName: '山田',
    speakerEmail: 'yamada@example.jp',
  };

  it('takes a title of 200 and an abstract of 2000 characters, and no more', () => {
    expect(submitTalkSchema.safeParse(valid).success).toBe(true);
    expect(submitTalkSchema.safeParse({ ...valid, title: 'a'.repeat(201) }).success).toBe(false);
    expect(submitTalkSchema.safeParse({ ...valid, abstract: 'b'.repeat(2001) }).success).toBe(
      false,
    );
  });

  it('takes only the thirteen categories', () => {
    expect(submitTalkSchema.safeParse({ ...valid, category: 'politics' }).success).toBe(false);
  });

  it('takes only http and https slide links', () => {
    expect(
      submitTalkSchema.safeParse({ ...valid, slideUrl: 'https://slides.example.com/1' }).success,
    ).toBe(true);
    expect(submitTalkSchema.safeParse({ ...valid, slideUrl: 'javascript:alert(1)' }).success).toBe(
      false,
    );
  });
});

describe('talk rules', () => {
  it('takes submissions only while the event is upcoming and submission is open', () => {
    expect(() => {
      assertCanSubmitTalk(event);
    }).not.toThrow();
    expect(() => {
      assertCanSubmitTalk({ ...event, talkSubmissionOpen: false });
    }).toThrow(ConflictError);
    expect(() => {
      assertCanSubmitTalk({ ...event, status: 'ongoing' });
    }).toThrow(ConflictError);
  });

  it('does not review a withdrawn talk or repeat a decision', () => {
    expect(() => {
      assertCanReview(event, talk({ status: 'withdrawn' }), 'accepted');
    }).toThrow(/withdrew/);
    expect(() => {
      assertCanReview(event, talk({ status: 'accepted' }), 'accepted');
    }).toThrow(/already accepted/);
    expect(() => {
      assertCanReview(event, talk({ status: 'accepted' }), 'rejected');
    }).not.toThrow();
  });

  it('keeps the talks of a completed or cancelled event as they are', () => {
    expect(() => {
      assertSpeakerCanChange({ status: 'completed' }, talk({ status: 'accepted' }));
    }).toThrow(/cannot be changed/);
  });

  it('lets the speaker change a pending or accepted talk only', () => {
    expect(() => {
      assertSpeakerCanChange(event, talk({ status: 'accepted' }));
    }).not.toThrow();
    expect(() => {
      assertSpeakerCanChange(event, talk({ status: 'rejected' }));
    }).toThrow(RuleViolationError);
  });

  it('orders accepted talks by running order, then by acceptance', () => {
    const talks = [
      talk({ id: 'late', status: 'accepted', acceptedAt: '2026-01-03T00:00:00Z' }),
      talk({ id: 'second', status: 'accepted', runningOrder: 2 }),
      talk({ id: 'pending', status: 'pending', runningOrder: 1 }),
      talk({ id: 'early', status: 'accepted', acceptedAt: '2026-01-02T00:00:00Z' }),
      talk({ id: 'first', status: 'accepted', runningOrder: 1 }),
    ];

    expect(inRunningOrder(talks).map((t) => t.id)).toEqual(['first', 'second', 'early', 'late']);
  });
});
