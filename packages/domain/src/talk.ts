import { z } from 'zod';

import { TALK_CATEGORIES, type TalkCategory } from './categories.js';
import type { LtcEvent } from './event.js';
import { assertEventActive } from './event.js';
import { ConflictError, RuleViolationError } from './errors.js';
import { emailAddress, personText, webUrl } from './text.js';

export const TALK_STATUSES = ['pending', 'accepted', 'rejected', 'withdrawn'] as const;
export type TalkStatus = (typeof TALK_STATUSES)[number];

/** A talk a speaker proposes for one event. */
export interface Talk {
  readonly id: string;
  readonly eventId: string;
  readonly title: string;
  readonly abstract: string;
  readonly category: TalkCategory;
  readonly speakerName: string;
  readonly speakerEmail: string;
  readonly slideUrl: string | undefined;
  readonly status: TalkStatus;
  /** Place in the running order; accepted talks without one follow in order of acceptance. */
  readonly runningOrder: number | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly acceptedAt: string | undefined;
}

const talkFields = {
  title: personText(200),
  abstract: personText(2000),
  category: z.enum(TALK_CATEGORIES),
  slideUrl: webUrl.optional(),
};

export const submitTalkSchema = z.strictObject({
  ...talkFields,
  speakerName: personText(100),
  speakerEmail: emailAddress,
});
export type SubmitTalkInput = z.infer<typeof submitTalkSchema>;

/** What a speaker may change through the private link; `null` removes the slide link. */
export const updateTalkSchema = z
  .strictObject({ ...talkFields, slideUrl: talkFields.slideUrl.nullable() })
  .partial();
export type UpdateTalkInput = z.infer<typeof updateTalkSchema>;

export const reviewTalkSchema = z.strictObject({ decision: z.enum(['accepted', 'rejected']) });
export type TalkDecision = z.infer<typeof reviewTalkSchema>['decision'];

export const runningOrderSchema = z.strictObject({
  talkIds: z
    .array(z.string().min(1).max(64))
    .max(100)
    .refine((ids) => new Set(ids).size === ids.length, { error: 'must not repeat a talk' }),
});

/** Throws unless the event takes talk submissions now. */
export function assertCanSubmitTalk(event: LtcEvent): void {
  if (event.status !== 'upcoming' || !event.talkSubmissionOpen) {
    throw new ConflictError('submission-closed', 'talk submission for this event is closed');
  }
}

/** Throws unless an organizer may give this decision on a talk in this state. */
export function assertCanReview(event: LtcEvent, talk: Talk, decision: TalkDecision): void {
  assertEventActive(event, 'talks');
  if (talk.status === 'withdrawn') {
    throw new ConflictError('talk-withdrawn', 'the speaker withdrew this talk');
  }
  if (talk.status === decision) {
    throw new ConflictError('already-decided', `the talk is already ${decision}`);
  }
}

/** Throws unless the speaker may still change or withdraw the talk. */
export function assertSpeakerCanChange(event: Pick<LtcEvent, 'status'>, talk: Talk): void {
  assertEventActive(event, 'talks');
  if (talk.status === 'withdrawn' || talk.status === 'rejected') {
    throw new RuleViolationError(
      'talk-closed',
      `a ${talk.status} talk cannot be changed`,
      'status',
    );
  }
}

/** Accepted talks in the order they will be given. */
export function inRunningOrder(talks: readonly Talk[]): Talk[] {
  return talks
    .filter((talk) => talk.status === 'accepted')
    .sort(
      (a, b) =>
        (a.runningOrder ?? Number.MAX_SAFE_INTEGER) - (b.runningOrder ?? Number.MAX_SAFE_INTEGER) ||
        (a.acceptedAt ?? '').localeCompare(b.acceptedAt ?? ''),
    );
}
