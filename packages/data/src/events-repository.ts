import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  ConflictError,
  NotFoundError,
  RuleViolationError,
  assertEventShape,
  assertStatusTransition,
  type CreateEventInput,
  type EventStatus,
  type LtcEvent,
  type UpdateEventInput,
} from '@ltc/domain';

import { toEvent } from './items.js';
import { keys } from './keys.js';
import { decodeCursor, encodeCursor, invalidCursor, type Page } from './pagination.js';
import type { Store } from './store.js';
import { buildUpdate } from './update-expression.js';
import { isConditionFailure, RACE_LOST, retryOnRace } from './transactions.js';

export type EventListWindow = 'upcoming' | 'past';

/** Events: create, read, list by date, change, move through their statuses. */
export class EventsRepository {
  constructor(private readonly store: Store) {}

  /** Creates an event as upcoming. Past dates are allowed, so past nights can be archived. */
  async create(input: CreateEventInput): Promise<LtcEvent> {
    assertEventShape({ ...input, venue: venueOf(input.venue) });
    const id = this.store.newId();
    const now = this.store.now().toISOString();
    const item = {
      pk: keys.eventPk(id),
      sk: keys.eventSk,
      gsi1pk: keys.eventsIndexPk,
      gsi1sk: keys.eventsIndexSk(input.endsAt, id),
      type: 'event',
      id,
      ...input,
      status: 'upcoming',
      confirmedOnsite: 0,
      waitlisted: 0,
      online: 0,
      acceptedTalks: 0,
      checkedIn: 0,
      createdAt: now,
      updatedAt: now,
    };

    await this.store.client.send(
      new PutCommand({
        TableName: this.store.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return toEvent(item);
  }

  /** The event, read consistently; throws NotFoundError when there is none. */
  async get(eventId: string): Promise<LtcEvent> {
    const result = await this.store.client.send(
      new GetCommand({
        TableName: this.store.tableName,
        Key: { pk: keys.eventPk(eventId), sk: keys.eventSk },
        ConsistentRead: true,
      }),
    );
    if (result.Item === undefined) throw new NotFoundError(`no event with id ${eventId}`);
    return toEvent(result.Item);
  }

  /**
   * Events that have not ended yet, soonest first, or events that have ended, latest first.
   * One query on the events index; no scan.
   */
  async list(window: EventListWindow, limit: number, cursor?: string): Promise<Page<LtcEvent>> {
    const now = this.store.now().toISOString();
    const startKey = decodeCursor(cursor, {
      attributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
      partition: { attribute: 'gsi1pk', value: keys.eventsIndexPk },
    });
    const position = startKey?.gsi1sk;
    // A cursor of the upcoming list stays valid after its event has ended: the page boundary
    // moves back to the cursor, so the next page follows on from the previous one. A cursor
    // that lies outside the list (an upcoming cursor given to the past list) is refused.
    const from = window === 'upcoming' && position !== undefined && position < now ? position : now;
    if (window === 'past' && position !== undefined && position >= now) throw invalidCursor();

    const result = await this.store.client.send(
      new QueryCommand({
        TableName: this.store.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression:
          window === 'upcoming'
            ? 'gsi1pk = :pk AND gsi1sk >= :from'
            : 'gsi1pk = :pk AND gsi1sk < :from',
        ExpressionAttributeValues: { ':pk': keys.eventsIndexPk, ':from': from },
        ScanIndexForward: window === 'upcoming',
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    return {
      items: (result.Items ?? []).map(toEvent),
      nextCursor: encodeCursor(result.LastEvaluatedKey),
    };
  }

  /**
   * Changes an event's details. Capacity and the talk limit may not drop below what is
   * already booked; the write is conditional on both, so a registration racing with the
   * change cannot slip past. Completed and cancelled events stay editable, so the archive can
   * be corrected; their status alone keeps registrations and talks closed.
   */
  async update(eventId: string, patch: UpdateEventInput): Promise<LtcEvent> {
    return retryOnRace(async () => {
      const current = await this.get(eventId);
      const next = {
        ...current,
        ...patch,
        venue: patch.venue === null ? undefined : venueOf(patch.venue ?? current.venue),
        onlineUrl: patch.onlineUrl === null ? undefined : (patch.onlineUrl ?? current.onlineUrl),
      };

      assertEventShape(next);
      if (next.onsiteCapacity < current.counts.confirmedOnsite) {
        throw new RuleViolationError(
          'capacity-below-confirmed',
          `onsiteCapacity must be at least the ${current.counts.confirmedOnsite} confirmed onsite registrations, got: ${next.onsiteCapacity}`,
          'onsiteCapacity',
        );
      }
      if (next.talkLimit < current.counts.acceptedTalks) {
        throw new RuleViolationError(
          'talk-limit-below-accepted',
          `talkLimit must be at least the ${current.counts.acceptedTalks} accepted talks, got: ${next.talkLimit}`,
          'talkLimit',
        );
      }

      const update = buildUpdate({
        title: next.title,
        description: next.description,
        startsAt: next.startsAt,
        endsAt: next.endsAt,
        timeZone: next.timeZone,
        format: next.format,
        venue: next.venue ?? null,
        onsiteCapacity: next.onsiteCapacity,
        onlineUrl: next.onlineUrl ?? null,
        registrationOpen: next.registrationOpen,
        talkSubmissionOpen: next.talkSubmissionOpen,
        talkLimit: next.talkLimit,
        talkMinutes: next.talkMinutes,
        gsi1sk: keys.eventsIndexSk(next.endsAt, eventId),
        updatedAt: this.store.now().toISOString(),
      });

      try {
        await this.store.client.send(
          new UpdateCommand({
            TableName: this.store.tableName,
            Key: { pk: keys.eventPk(eventId), sk: keys.eventSk },
            UpdateExpression: update.expression,
            ConditionExpression:
              'updatedAt = :expectedUpdatedAt AND confirmedOnsite <= :onsiteCapacity AND acceptedTalks <= :talkLimit',
            ExpressionAttributeNames: update.names,
            ExpressionAttributeValues: {
              ...update.values,
              ':expectedUpdatedAt': current.updatedAt,
            },
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) return RACE_LOST;
        throw error;
      }
      return this.get(eventId);
    });
  }

  /** Moves an event to a new status along the allowed transitions. */
  async changeStatus(eventId: string, status: EventStatus): Promise<LtcEvent> {
    const current = await this.get(eventId);
    assertStatusTransition(current.status, status);

    try {
      await this.store.client.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: { pk: keys.eventPk(eventId), sk: keys.eventSk },
          UpdateExpression: 'SET #status = :to, updatedAt = :now',
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':to': status,
            ':from': current.status,
            ':now': this.store.now().toISOString(),
          },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConflictError(
          'status-changed',
          'the event status changed meanwhile; reload and retry',
          'status',
        );
      }
      throw error;
    }
    return this.get(eventId);
  }
}

function venueOf(
  venue: { readonly name: string; readonly address?: string | undefined } | undefined,
): LtcEvent['venue'] {
  return venue === undefined ? undefined : { name: venue.name, address: venue.address };
}
