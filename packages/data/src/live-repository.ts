import { createHash } from 'node:crypto';

import { GetCommand, PutCommand, UpdateCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import {
  ConflictError,
  IGNORE_ACTIVITY,
  type ActivityRecorder,
  NotFoundError,
  POLL_STATUSES,
  applyTimerAction,
  assertCanPreparePoll,
  assertEventLive,
  assertPollTransition,
  countVotes,
  initialStage,
  inRunningOrder,
  pollOptions,
  type CreatePollInput,
  type LiveStage,
  type LtcEvent,
  type Poll,
  type PollResults,
  type Talk,
  type TalkTimer,
  type TimerAction,
} from '@ltc/domain';
import { z } from 'zod';

import type { EventsRepository } from './events-repository.js';
import { keys } from './keys.js';
import type { Store } from './store.js';
import type { TalksRepository } from './talks-repository.js';
import {
  RACE_LOST,
  TransactionRefused,
  isConditionFailure,
  retryOnRace,
  transactWrite,
} from './transactions.js';

/** Everything the live event page shows, as one document. */
export interface LiveSnapshot {
  readonly eventId: string;
  readonly stage: LiveStage;
  /** Accepted talks in running order. */
  readonly talks: readonly Talk[];
  readonly polls: readonly PollResults[];
}

const timerItem = z.discriminatedUnion('state', [
  z.object({ state: z.literal('idle'), durationSeconds: z.number() }),
  z.object({ state: z.literal('running'), durationSeconds: z.number(), endsAt: z.string() }),
  z.object({ state: z.literal('paused'), durationSeconds: z.number(), remainingMs: z.number() }),
]);
const stageItem = z.object({
  currentTalkId: z.string().optional(),
  timer: timerItem,
  revision: z.number(),
});
const pollItem = z.object({
  id: z.string(),
  eventId: z.string(),
  question: z.string(),
  options: z.array(z.object({ id: z.string(), label: z.string() })),
  status: z.enum(POLL_STATUSES),
  createdAt: z.string(),
  openedAt: z.string().optional(),
  closedAt: z.string().optional(),
});
const voteItem = z.object({ pollId: z.string(), optionId: z.string() });

function toPoll(item: Record<string, unknown>): Poll {
  const poll = pollItem.parse(item);
  return { ...poll, openedAt: poll.openedAt, closedAt: poll.closedAt };
}

/**
 * The live side of an event night, kept in the event's partition: one stage item (current
 * talk, timer), one item per poll, and one item per vote. A vote's key is the poll and a hash
 * of the voter's key, and it is written only if absent while a condition check holds the poll
 * open, so a replayed or concurrent second vote never counts and no vote lands after closing.
 * Counts are never stored: they are counted from the vote items, so they always equal them.
 */
export class LiveRepository {
  constructor(
    private readonly store: Store,
    private readonly events: EventsRepository,
    private readonly talks: TalksRepository,
    private readonly activity: ActivityRecorder = IGNORE_ACTIVITY,
  ) {}

  /** The whole live state of an event. Throws NotFoundError for an unknown event. */
  async snapshot(eventId: string): Promise<LiveSnapshot> {
    const event = await this.events.get(eventId);
    const [stage, talks, polls, votes] = await Promise.all([
      this.readStage(eventId),
      this.talks.listForEvent(eventId, { status: 'accepted' }),
      this.queryPrefix(eventId, keys.pollPrefix),
      this.queryPrefix(eventId, keys.votePrefix),
    ]);
    const choices = new Map<string, string[]>();
    for (const item of votes) {
      const vote = voteItem.parse(item);
      const list = choices.get(vote.pollId) ?? [];
      list.push(vote.optionId);
      choices.set(vote.pollId, list);
    }
    const running = inRunningOrder(talks);
    return {
      eventId,
      stage: onStageStill(stage ?? initialStage(event), running, event),
      talks: running,
      polls: polls.map(toPoll).map((poll) => countVotes(poll, choices.get(poll.id) ?? [])),
    };
  }

  /** One poll with its votes counted. */
  async pollResults(eventId: string, pollId: string): Promise<PollResults> {
    const [poll, votes] = await Promise.all([
      this.getPoll(eventId, pollId),
      this.queryPrefix(eventId, keys.votePrefixOf(pollId)),
    ]);
    return countVotes(
      poll,
      votes.map((item) => voteItem.parse(item).optionId),
    );
  }

  /** Puts a talk on stage (or none) and resets the timer to a full talk. */
  async setCurrentTalk(eventId: string, talkId: string | null): Promise<LiveStage> {
    const event = await this.events.get(eventId);
    assertEventLive(event);
    if (talkId !== null) {
      const talk = await this.talks.get(eventId, talkId);
      if (talk.status !== 'accepted') {
        throw new ConflictError('talk-not-accepted', 'only an accepted talk can be on stage');
      }
    }
    return this.changeStage(event, (stage) => ({
      currentTalkId: talkId ?? undefined,
      timer: { state: 'idle', durationSeconds: event.talkMinutes * 60 },
      revision: stage.revision + 1,
    }));
  }

  /** Starts, pauses or resets the countdown of the talk on stage. */
  async changeTimer(eventId: string, action: TimerAction): Promise<LiveStage> {
    const event = await this.events.get(eventId);
    assertEventLive(event);
    const accepted = await this.talks.listForEvent(eventId, { status: 'accepted' });
    return this.changeStage(event, (stored) => {
      const stage = onStageStill(stored, accepted, event);
      if (stage.currentTalkId === undefined) {
        throw new ConflictError('no-current-talk', 'put a talk on stage before timing it');
      }
      return {
        ...stage,
        timer: applyTimerAction(stage.timer, action, this.store.now()),
        revision: stage.revision + 1,
      };
    });
  }

  async createPoll(eventId: string, input: CreatePollInput): Promise<PollResults> {
    const event = await this.events.get(eventId);
    assertCanPreparePoll(event);
    const poll: Poll = {
      id: this.store.newId(),
      eventId,
      question: input.question,
      options: pollOptions(input.options),
      status: 'ready',
      createdAt: this.store.now().toISOString(),
      openedAt: undefined,
      closedAt: undefined,
    };
    await this.store.client.send(
      new PutCommand({
        TableName: this.store.tableName,
        Item: {
          pk: keys.eventPk(eventId),
          sk: keys.pollSk(poll.id),
          type: 'poll',
          ...poll,
          optionIds: poll.options.map((option) => option.id),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return countVotes(poll, []);
  }

  /** Opens a ready poll (the night must be running) or closes an open one. */
  async changePollStatus(
    eventId: string,
    pollId: string,
    to: 'open' | 'closed',
  ): Promise<PollResults> {
    const event = await this.events.get(eventId);
    if (to === 'open') assertEventLive(event);
    const poll = await this.getPoll(eventId, pollId);
    assertPollTransition(poll.status, to);
    const at = this.store.now().toISOString();
    try {
      await this.store.client.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: { pk: keys.eventPk(eventId), sk: keys.pollSk(pollId) },
          UpdateExpression: `SET #status = :to, ${to === 'open' ? 'openedAt' : 'closedAt'} = :at`,
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':to': to, ':from': poll.status, ':at': at },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Another organizer moved the poll first; tell the caller where it stands now.
      const now = await this.getPoll(eventId, pollId);
      assertPollTransition(now.status, to);
      throw error;
    }
    return this.pollResults(eventId, pollId);
  }

  /**
   * Counts one vote of the voter behind `voterKey`. Throws ConflictError `poll-closed` when
   * the poll is not open, `already-voted` for a second vote, and NotFoundError for an unknown
   * poll or option.
   */
  async vote(eventId: string, pollId: string, optionId: string, voterKey: string): Promise<void> {
    // The condition checks stand for reading the event and the poll first; only a refused vote
    // reads them, to say why. A vote counts only while the night is on and the poll open.
    try {
      await transactWrite(this.store.client, [
        {
          ConditionCheck: {
            TableName: this.store.tableName,
            Key: { pk: keys.eventPk(eventId), sk: keys.eventSk },
            ConditionExpression: '#status = :ongoing',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':ongoing': 'ongoing' },
          },
        },
        {
          ConditionCheck: {
            TableName: this.store.tableName,
            Key: { pk: keys.eventPk(eventId), sk: keys.pollSk(pollId) },
            ConditionExpression: '#status = :open AND contains(optionIds, :option)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':open': 'open', ':option': optionId },
          },
        },
        {
          Put: {
            TableName: this.store.tableName,
            Item: {
              pk: keys.eventPk(eventId),
              sk: keys.voteSk(pollId, voterHash(eventId, voterKey)),
              type: 'vote',
              pollId,
              optionId,
              votedAt: this.store.now().toISOString(),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]);
    } catch (error) {
      if (error instanceof TransactionRefused && error.failedAt(0)) {
        assertEventLive(await this.events.get(eventId));
      }
      if (error instanceof TransactionRefused && error.failedAt(1)) {
        const poll = await this.getPoll(eventId, pollId);
        if (poll.status !== 'open') {
          throw new ConflictError('poll-closed', 'this poll is not open for votes');
        }
        throw new NotFoundError('this poll has no such option', 'optionId');
      }
      if (error instanceof TransactionRefused && error.failedAt(2)) {
        throw new ConflictError('already-voted', 'you have already voted in this poll');
      }
      throw error;
    }
    this.activity.record('Votes');
  }

  private async getPoll(eventId: string, pollId: string): Promise<Poll> {
    const { Item } = await this.store.client.send(
      new GetCommand({
        TableName: this.store.tableName,
        Key: { pk: keys.eventPk(eventId), sk: keys.pollSk(pollId) },
        ConsistentRead: true,
      }),
    );
    if (Item === undefined) throw new NotFoundError('no such poll', 'pollId');
    return toPoll(Item);
  }

  private async readStage(eventId: string): Promise<LiveStage | undefined> {
    const { Item } = await this.store.client.send(
      new GetCommand({
        TableName: this.store.tableName,
        Key: { pk: keys.eventPk(eventId), sk: keys.liveStageSk },
        ConsistentRead: true,
      }),
    );
    if (Item === undefined) return undefined;
    const stored = stageItem.parse(Item);
    return {
      currentTalkId: stored.currentTalkId,
      timer: stored.timer as TalkTimer,
      revision: stored.revision,
    };
  }

  /** Writes the stage `change` makes of the stored one, unless another change landed first. */
  private async changeStage(
    event: LtcEvent,
    change: (stage: LiveStage) => LiveStage,
  ): Promise<LiveStage> {
    const eventId = event.id;
    return retryOnRace(async () => {
      const stored = await this.readStage(eventId);
      const next = change(stored ?? initialStage(event));
      try {
        await this.store.client.send(
          new PutCommand({
            TableName: this.store.tableName,
            Item: {
              pk: keys.eventPk(eventId),
              sk: keys.liveStageSk,
              type: 'live-stage',
              ...(next.currentTalkId === undefined ? {} : { currentTalkId: next.currentTalkId }),
              timer: next.timer,
              revision: next.revision,
            },
            ConditionExpression:
              stored === undefined ? 'attribute_not_exists(pk)' : 'revision = :revision',
            ...(stored === undefined
              ? {}
              : { ExpressionAttributeValues: { ':revision': stored.revision } }),
          }),
        );
        return next;
      } catch (error) {
        if (isConditionFailure(error)) return RACE_LOST;
        throw error;
      }
    });
  }

  private async queryPrefix(eventId: string, prefix: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const pages = paginateQuery(
      { client: this.store.client },
      {
        TableName: this.store.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.eventPk(eventId), ':prefix': prefix },
        // Consistent, so a count read right after a vote includes it.
        ConsistentRead: true,
      },
    );
    for await (const page of pages) items.push(...(page.Items ?? []));
    return items;
  }
}

/** The stored form of a voter's key: a hash, scoped to the event, so the key itself is never kept. */
function voterHash(eventId: string, voterKey: string): string {
  return createHash('sha256').update(`${eventId}:${voterKey}`).digest('base64url');
}

/**
 * The stage as the audience should see it: a talk rejected or withdrawn while on stage is no
 * longer on stage, and its timer goes back to a full talk.
 */
function onStageStill(
  stage: LiveStage,
  accepted: readonly Talk[],
  event: Pick<LtcEvent, 'talkMinutes'>,
): LiveStage {
  if (stage.currentTalkId === undefined) return stage;
  if (accepted.some((talk) => talk.id === stage.currentTalkId)) return stage;
  return { ...initialStage(event), revision: stage.revision };
}
