import { GetCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import {
  ConflictError,
  ForbiddenError,
  IGNORE_ACTIVITY,
  type ActivityRecorder,
  assertEventActive,
  NotFoundError,
  RuleViolationError,
  assertCanReview,
  assertCanSubmitTalk,
  assertSpeakerCanChange,
  type SubmitTalkInput,
  type Talk,
  type TalkDecision,
  type TalkStatus,
  type UpdateTalkInput,
} from '@ltc/domain';

import type { EventsRepository } from './events-repository.js';
import { toTalk, type StoredTalk } from './items.js';
import { EVENT_IS_ACTIVE, eventStillActive } from './event-conditions.js';
import { keys } from './keys.js';
import { manageTokenMatches, newManageToken } from './manage-token.js';
import type { Store } from './store.js';
import { buildUpdate } from './update-expression.js';
import {
  RACE_LOST,
  TransactionRefused,
  retryOnRace,
  transactWrite,
  type TransactItem,
} from './transactions.js';

export interface NewTalk {
  readonly talk: Talk;
  readonly manageToken: string;
}

/**
 * Talk proposals and their review. The event item counts accepted talks; accepting a talk
 * adds to that count in the same transaction, on the condition that the count stays within
 * the event's talk limit, so the limit holds however many organizers click at once.
 */
export class TalksRepository {
  constructor(
    private readonly store: Store,
    private readonly events: EventsRepository,
    private readonly activity: ActivityRecorder = IGNORE_ACTIVITY,
  ) {}

  async submit(eventId: string, input: SubmitTalkInput): Promise<NewTalk> {
    const event = await this.events.get(eventId);
    assertCanSubmitTalk(event);

    const id = this.store.newId();
    const now = this.store.now().toISOString();
    const { token, hash } = newManageToken();
    const item = {
      pk: keys.eventPk(eventId),
      sk: keys.talkSk(id),
      type: 'talk',
      id,
      eventId,
      ...input,
      status: 'pending',
      createdAt: now,
      updatedAt: now,
      manageTokenHash: hash,
    };

    try {
      await transactWrite(this.store.client, [
        {
          ConditionCheck: {
            TableName: this.store.tableName,
            Key: { pk: keys.eventPk(eventId), sk: keys.eventSk },
            ConditionExpression: 'talkSubmissionOpen = :true AND #status = :upcoming',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':true': true, ':upcoming': 'upcoming' },
          },
        },
        {
          Put: {
            TableName: this.store.tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]);
    } catch (error) {
      if (error instanceof TransactionRefused && error.failedAt(0)) {
        throw new ConflictError('submission-closed', 'talk submission for this event is closed');
      }
      throw error;
    }
    this.activity.record('TalksSubmitted');
    return { talk: toTalk(item).talk, manageToken: token };
  }

  async get(eventId: string, talkId: string): Promise<Talk> {
    return (await this.find(eventId, talkId)).talk;
  }

  async getWithToken(eventId: string, talkId: string, token: string): Promise<Talk> {
    const stored = await this.find(eventId, talkId);
    if (!manageTokenMatches(token, stored.manageTokenHash)) {
      throw new ForbiddenError('the manage token does not belong to this talk');
    }
    return stored.talk;
  }

  /**
   * The talks of an event in the order they were submitted (at most a few hundred), all of
   * them or only those of one status. The status is filtered inside DynamoDB, so the public
   * page does not carry every pending submission back to the API.
   */
  async listForEvent(
    eventId: string,
    options: { readonly status?: TalkStatus } = {},
  ): Promise<Talk[]> {
    const talks: Talk[] = [];
    const pages = paginateQuery(
      { client: this.store.client },
      {
        TableName: this.store.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ...(options.status === undefined
          ? {}
          : {
              FilterExpression: '#status = :status',
              ExpressionAttributeNames: { '#status': 'status' },
            }),
        ExpressionAttributeValues: {
          ':pk': keys.eventPk(eventId),
          ':prefix': keys.talkPrefix,
          ...(options.status === undefined ? {} : { ':status': options.status }),
        },
        // Consistent, so the running order check sees a talk accepted a moment ago.
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) talks.push(toTalk(item).talk);
    }
    return talks;
  }

  /** Changes a talk through the speaker's private link, while it is pending or accepted. */
  async update(
    eventId: string,
    talkId: string,
    token: string,
    patch: UpdateTalkInput,
  ): Promise<Talk> {
    const [talk, event] = await Promise.all([
      this.getWithToken(eventId, talkId, token),
      this.events.get(eventId),
    ]);
    assertSpeakerCanChange(event, talk);

    const update = buildUpdate({ ...patch }, ['updatedAt = :now']);

    await this.writeOrConflict(
      [
        eventStillActive(this.store.tableName, eventId),
        {
          Update: {
            TableName: this.store.tableName,
            Key: { pk: keys.eventPk(eventId), sk: keys.talkSk(talkId) },
            UpdateExpression: update.expression,
            ConditionExpression: '#status IN (:pending, :accepted)',
            ExpressionAttributeNames: { ...update.names, '#status': 'status' },
            ExpressionAttributeValues: {
              ...update.values,
              ':now': this.store.now().toISOString(),
              ':pending': 'pending',
              ':accepted': 'accepted',
            },
          },
        },
      ],
      new ConflictError(
        'talk-closed',
        'the talk was withdrawn or rejected, or its event closed, meanwhile',
      ),
    );
    return this.get(eventId, talkId);
  }

  /** Withdraws a talk through the speaker's private link; a second withdrawal is harmless. */
  async withdraw(eventId: string, talkId: string, token: string): Promise<Talk> {
    await this.getWithToken(eventId, talkId, token);
    return retryOnRace(async () => {
      const [talk, event] = await Promise.all([
        this.get(eventId, talkId),
        this.events.get(eventId),
      ]);
      if (talk.status === 'withdrawn') return talk;
      assertSpeakerCanChange(event, talk);
      return this.moveTalk(eventId, talk, 'withdrawn');
    });
  }

  /** An organizer's decision. Accepting fails with 409 once the event's talk limit is reached. */
  async review(eventId: string, talkId: string, decision: TalkDecision): Promise<Talk> {
    return retryOnRace(async () => {
      const [event, talk] = await Promise.all([
        this.events.get(eventId),
        this.get(eventId, talkId),
      ]);
      assertCanReview(event, talk, decision);
      return this.moveTalk(eventId, talk, decision);
    });
  }

  /**
   * Sets the running order. `talkIds` must name exactly the event's accepted talks; the order
   * is written in one transaction, conditional on each talk still being accepted.
   */
  async setRunningOrder(eventId: string, talkIds: readonly string[]): Promise<Talk[]> {
    const accepted = await this.listForEvent(eventId, { status: 'accepted' });
    const acceptedIds = new Set(accepted.map((talk) => talk.id));
    const unknown = talkIds.filter((id) => !acceptedIds.has(id));
    if (unknown.length > 0 || talkIds.length !== accepted.length) {
      throw new RuleViolationError(
        'running-order-mismatch',
        `talkIds must list each of the ${accepted.length} accepted talks once${unknown.length > 0 ? `; not accepted: ${unknown.join(', ')}` : ''}`,
        'talkIds',
      );
    }
    if (talkIds.length === 0) return [];

    const now = this.store.now().toISOString();
    await this.writeOrConflict(
      talkIds.map((id, index) => ({
        Update: {
          TableName: this.store.tableName,
          Key: { pk: keys.eventPk(eventId), sk: keys.talkSk(id) },
          UpdateExpression: 'SET runningOrder = :order, updatedAt = :now',
          ConditionExpression: '#status = :accepted',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':order': index + 1, ':now': now, ':accepted': 'accepted' },
        },
      })),
      new ConflictError(
        'talks-changed',
        'the accepted talks changed meanwhile; reload and retry',
        'talkIds',
      ),
    );
    return this.listForEvent(eventId);
  }

  /**
   * Moves a talk to a new status, keeping the event's accepted count in step. Answers
   * RACE_LOST when the talk changed after it was read, so the caller can look again.
   */
  private async moveTalk(
    eventId: string,
    talk: Talk,
    to: 'accepted' | 'rejected' | 'withdrawn',
  ): Promise<Talk | typeof RACE_LOST> {
    const now = this.store.now().toISOString();
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.store.tableName,
          Key: { pk: keys.eventPk(eventId), sk: keys.talkSk(talk.id) },
          UpdateExpression:
            to === 'accepted'
              ? 'SET #status = :to, updatedAt = :now, acceptedAt = :now REMOVE runningOrder'
              : 'SET #status = :to, updatedAt = :now REMOVE runningOrder',
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':to': to, ':from': talk.status, ':now': now },
        },
      },
    ];
    // The event item moves in step: its accepted count changes, and the whole change holds only
    // while the event is active (and, when accepting, within the talk limit).
    const delta = to === 'accepted' ? 1 : talk.status === 'accepted' ? -1 : 0;
    items.push(
      delta === 0
        ? eventStillActive(this.store.tableName, eventId)
        : {
            Update: {
              TableName: this.store.tableName,
              Key: { pk: keys.eventPk(eventId), sk: keys.eventSk },
              UpdateExpression: 'ADD acceptedTalks :delta',
              ConditionExpression:
                delta > 0
                  ? `${EVENT_IS_ACTIVE.expression} AND acceptedTalks < talkLimit`
                  : EVENT_IS_ACTIVE.expression,
              ExpressionAttributeNames: { ...EVENT_IS_ACTIVE.names },
              ExpressionAttributeValues: { ...EVENT_IS_ACTIVE.values, ':delta': delta },
            },
          },
    );

    try {
      await transactWrite(this.store.client, items);
    } catch (error) {
      if (!(error instanceof TransactionRefused)) throw error;
      if (!error.failedAt(1)) return RACE_LOST;
      assertEventActive(await this.events.get(eventId), 'talks');
      throw new ConflictError(
        'talk-limit-reached',
        'the event has accepted as many talks as its talk limit allows',
      );
    }
    return this.get(eventId, talk.id);
  }

  private async writeOrConflict(items: TransactItem[], conflict: ConflictError): Promise<void> {
    try {
      await transactWrite(this.store.client, items);
    } catch (error) {
      if (error instanceof TransactionRefused) throw conflict;
      throw error;
    }
  }

  private async find(eventId: string, talkId: string): Promise<StoredTalk> {
    const result = await this.store.client.send(
      new GetCommand({
        TableName: this.store.tableName,
        Key: { pk: keys.eventPk(eventId), sk: keys.talkSk(talkId) },
        ConsistentRead: true,
      }),
    );
    if (result.Item === undefined)
      throw new NotFoundError(`no talk ${talkId} for event ${eventId}`);
    return toTalk(result.Item);
  }
}
