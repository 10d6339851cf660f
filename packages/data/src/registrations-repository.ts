import { GetCommand, QueryCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import {
  ConflictError,
  ForbiddenError,
  IGNORE_ACTIVITY,
  type ActivityRecorder,
  assertCanCheckIn,
  assertEventActive,
  NotFoundError,
  assertCanRegister,
  isEventActive,
  type RegisterInput,
  type Registration,
} from '@ltc/domain';

import type { EventsRepository } from './events-repository.js';
import { toRegistration, type StoredRegistration } from './items.js';
import { EVENT_IS_ACTIVE, eventStillActive } from './event-conditions.js';
import { keys } from './keys.js';
import { manageTokenMatches, newManageToken } from './manage-token.js';
import { decodeCursor, encodeCursor, type Page } from './pagination.js';
import type { Store } from './store.js';
import {
  ContentionError,
  RACE_LOST,
  TransactionRefused,
  retryOnRace,
  transactWrite,
  type TransactItem,
} from './transactions.js';

/** A new registration and the secret for its private link, shown to the person once. */
export interface NewRegistration {
  readonly registration: Registration;
  readonly manageToken: string;
}

/** Registration is open: the event takes new registrations (on top of being active). */
const REGISTRATION_OPEN = 'registrationOpen = :true';

/**
 * Registrations and the onsite waitlist. The event item carries the counts (confirmed onsite,
 * waitlisted, online); every change of a registration's status changes the count in the same
 * transaction, conditional on the count, so that under any concurrency:
 * - confirmed onsite registrations never exceed the onsite capacity;
 * - one (event, e-mail) pair has at most one live registration (a guard item per pair);
 * - a freed seat goes to the earliest waitlisted registration, and to exactly one.
 */
export class RegistrationsRepository {
  constructor(
    private readonly store: Store,
    private readonly events: EventsRepository,
    private readonly activity: ActivityRecorder = IGNORE_ACTIVITY,
  ) {}

  async register(eventId: string, input: RegisterInput): Promise<NewRegistration> {
    const event = await this.events.get(eventId);
    assertCanRegister(event, input.attendance);

    const id = this.store.newId();
    const now = this.store.now().toISOString();
    const { token, hash } = newManageToken();
    const base = {
      id,
      eventId,
      name: input.name,
      email: input.email,
      attendance: input.attendance,
      createdAt: now,
      updatedAt: now,
      manageTokenHash: hash,
    };
    const guard = this.put(
      { pk: keys.eventPk(eventId), sk: keys.emailGuardSk(input.email), registrationId: id },
      true,
    );

    const registration = await retryOnRace(async () => {
      if (input.attendance === 'online') {
        const item = { ...base, status: 'confirmed' as const };
        await this.write(
          eventId,
          [
            this.putRegistration(item),
            guard,
            this.countOnEvent(eventId, REGISTRATION_OPEN, 'online', 1),
          ],
          { eventConditionMayFail: false },
        );
        return item;
      }

      const confirmed = { ...base, status: 'confirmed' as const };
      const seatFree = await this.write(
        eventId,
        [
          this.putRegistration(confirmed),
          guard,
          this.countOnEvent(
            eventId,
            `${REGISTRATION_OPEN} AND confirmedOnsite < onsiteCapacity AND waitlisted = :zero`,
            'confirmedOnsite',
            1,
          ),
        ],
        { eventConditionMayFail: true },
      );
      if (seatFree) return confirmed;

      const waitlisted = { ...base, status: 'waitlisted' as const };
      const queued = await this.write(
        eventId,
        [
          this.putRegistration(waitlisted),
          guard,
          this.countOnEvent(
            eventId,
            `${REGISTRATION_OPEN} AND (confirmedOnsite >= onsiteCapacity OR waitlisted > :zero)`,
            'waitlisted',
            1,
          ),
          this.put(
            { pk: keys.eventPk(eventId), sk: keys.waitlistSk(id), registrationId: id },
            true,
          ),
        ],
        { eventConditionMayFail: true },
      );
      // Neither condition held: a seat freed up between the two attempts. Start over.
      return queued ? waitlisted : RACE_LOST;
    });

    this.activity.record(
      registration.status === 'confirmed' ? 'RegistrationsConfirmed' : 'RegistrationsWaitlisted',
    );
    return { registration: toRegistration(registration).registration, manageToken: token };
  }

  /** The registration, when the manage token is the one issued for it. */
  async getWithToken(
    eventId: string,
    registrationId: string,
    token: string,
  ): Promise<Registration> {
    const stored = await this.find(eventId, registrationId);
    if (!manageTokenMatches(token, stored.manageTokenHash)) {
      throw new ForbiddenError('the manage token does not belong to this registration');
    }
    return stored.registration;
  }

  /** Changes the name on a registration reached through its private link. */
  async rename(
    eventId: string,
    registrationId: string,
    token: string,
    name: string,
  ): Promise<Registration> {
    const [registration, event] = await Promise.all([
      this.getWithToken(eventId, registrationId, token),
      this.events.get(eventId),
    ]);
    assertEventActive(event, 'registrations');
    if (registration.status === 'cancelled') {
      throw new ConflictError(
        'registration-cancelled',
        'a cancelled registration cannot be changed',
      );
    }
    await transactWrite(this.store.client, [
      eventStillActive(this.store.tableName, eventId),
      {
        Update: {
          TableName: this.store.tableName,
          Key: { pk: keys.eventPk(eventId), sk: keys.registrationSk(registrationId) },
          UpdateExpression: 'SET #name = :name, updatedAt = :now',
          ConditionExpression: '#status <> :cancelled',
          ExpressionAttributeNames: { '#name': 'name', '#status': 'status' },
          ExpressionAttributeValues: {
            ':name': name,
            ':now': this.store.now().toISOString(),
            ':cancelled': 'cancelled',
          },
        },
      },
    ]).catch((error: unknown) => {
      if (error instanceof TransactionRefused && error.failedAt(0)) {
        throw new ConflictError('event-closed', 'the event was completed or cancelled meanwhile');
      }
      if (error instanceof TransactionRefused) {
        throw new ConflictError(
          'registration-cancelled',
          'a cancelled registration cannot be changed',
        );
      }
      throw error;
    });
    return (await this.find(eventId, registrationId)).registration;
  }

  /**
   * Cancels a registration reached through its private link. Cancelling twice answers with
   * the cancelled registration, so a retried request is harmless. A confirmed onsite seat
   * passes to the head of the waitlist in the same transaction.
   */
  async cancel(eventId: string, registrationId: string, token: string): Promise<Registration> {
    await this.getWithToken(eventId, registrationId, token);

    // Set by the attempt that wrote: a lost race retries and decides again.
    const outcome = { promotes: false };
    const cancelled = await retryOnRace(async () => {
      outcome.promotes = false;
      const { registration } = await this.find(eventId, registrationId);
      if (registration.status === 'cancelled') return registration;
      assertEventActive(await this.events.get(eventId), 'registrations');

      const now = this.store.now().toISOString();
      // A checked-in seat leaves the checked-in count too; a check-in landing meanwhile is a
      // lost race, so the count never keeps a cancelled registration.
      const checkedIn = registration.checkedInAt !== undefined;
      const items: TransactItem[] = [
        {
          Update: {
            TableName: this.store.tableName,
            Key: { pk: keys.eventPk(eventId), sk: keys.registrationSk(registrationId) },
            UpdateExpression: `SET #status = :cancelled, cancelledAt = :now, updatedAt = :now${checkedIn ? ' REMOVE checkedInAt' : ''}`,
            ConditionExpression: `#status = :was AND ${checkedIn ? 'attribute_exists(checkedInAt)' : 'attribute_not_exists(checkedInAt)'}`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':cancelled': 'cancelled',
              ':now': now,
              ':was': registration.status,
            },
          },
        },
        {
          Delete: {
            TableName: this.store.tableName,
            Key: { pk: keys.eventPk(eventId), sk: keys.emailGuardSk(registration.email) },
          },
        },
      ];

      if (registration.attendance === 'online') {
        items.push(this.countOnEvent(eventId, undefined, 'online', -1));
      } else if (registration.status === 'waitlisted') {
        items.push(
          this.countOnEvent(eventId, undefined, 'waitlisted', -1),
          this.deleteExisting(keys.eventPk(eventId), keys.waitlistSk(registrationId)),
        );
      } else {
        const head = await this.waitlistHead(eventId);
        if (head === undefined) {
          items.push(
            this.countOnEvent(eventId, 'waitlisted = :zero', 'confirmedOnsite', -1, checkedIn),
          );
        } else {
          items.push(
            this.countOnEvent(eventId, undefined, 'waitlisted', -1, checkedIn),
            ...this.promotion(eventId, head, now),
          );
          outcome.promotes = true;
        }
      }

      try {
        await transactWrite(this.store.client, items);
      } catch (error) {
        if (error instanceof TransactionRefused) return RACE_LOST;
        throw error;
      }
      return (await this.find(eventId, registrationId)).registration;
    });
    if (outcome.promotes) this.activity.record('WaitlistPromotions');
    return cancelled;
  }

  /**
   * Gives free onsite seats to the waitlist, earliest first, until the seats or the waitlist
   * run out. Called after an organizer raises the capacity. Returns how many were promoted.
   */
  async fillFreeSeats(eventId: string): Promise<number> {
    let promoted = 0;
    let lostRaces = 0;
    for (;;) {
      const event = await this.events.get(eventId);
      if (!isEventActive(event.status) || event.counts.waitlisted === 0) return promoted;
      if (event.counts.confirmedOnsite >= event.onsiteCapacity) return promoted;
      const head = await this.waitlistHead(eventId);
      if (head === undefined) return promoted;

      try {
        await transactWrite(this.store.client, [
          {
            Update: {
              TableName: this.store.tableName,
              Key: { pk: keys.eventPk(eventId), sk: keys.eventSk },
              UpdateExpression: 'ADD confirmedOnsite :one, waitlisted :minusOne',
              ConditionExpression: `${EVENT_IS_ACTIVE.expression} AND confirmedOnsite < onsiteCapacity`,
              ExpressionAttributeNames: { ...EVENT_IS_ACTIVE.names },
              ExpressionAttributeValues: { ...EVENT_IS_ACTIVE.values, ':one': 1, ':minusOne': -1 },
            },
          },
          ...this.promotion(eventId, head, this.store.now().toISOString()),
        ]);
        promoted++;
        this.activity.record('WaitlistPromotions');
      } catch (error) {
        if (!(error instanceof TransactionRefused)) throw error;
        // Someone else took the seat or the head moved; look again, a bounded number of times.
        if (++lostRaces >= 20) throw new ContentionError(lostRaces);
      }
    }
  }

  /** All registrations of an event in the order they arrived, for organizers. */
  async listForEvent(eventId: string, limit: number, cursor?: string): Promise<Page<Registration>> {
    await this.events.get(eventId);
    const result = await this.store.client.send(
      new QueryCommand({
        TableName: this.store.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.eventPk(eventId),
          ':prefix': keys.registrationPrefix,
        },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, {
          attributes: ['pk', 'sk'],
          partition: { attribute: 'pk', value: keys.eventPk(eventId) },
          sortPrefix: { attribute: 'sk', prefix: keys.registrationPrefix },
        }),
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => toRegistration(item).registration),
      nextCursor: encodeCursor(result.LastEvaluatedKey),
    };
  }

  /**
   * Every registration of an event in arrival order, page after page; for the organizer's
   * export, which needs the whole list at once.
   */
  async allForEvent(eventId: string): Promise<Registration[]> {
    const registrations: Registration[] = [];
    const pages = paginateQuery(
      { client: this.store.client },
      {
        TableName: this.store.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.eventPk(eventId),
          ':prefix': keys.registrationPrefix,
        },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) registrations.push(toRegistration(item).registration);
    }
    return registrations;
  }

  /**
   * Checks a confirmed onsite registration in at the door. The registration and the event's
   * checked-in count change in one transaction, conditional on the seat and on the person not
   * being checked in yet, so the count stays exact; checking in again answers the registration
   * as it is. Throws a conflict naming the reason for a waitlisted, cancelled or online one.
   */
  async checkIn(eventId: string, registrationId: string): Promise<Registration> {
    return retryOnRace(async () => {
      const now = this.store.now().toISOString();
      try {
        await transactWrite(this.store.client, [
          this.checkedInCount(eventId, 1),
          {
            Update: {
              TableName: this.store.tableName,
              Key: { pk: keys.eventPk(eventId), sk: keys.registrationSk(registrationId) },
              UpdateExpression: 'SET checkedInAt = :now, updatedAt = :now',
              ConditionExpression:
                '#status = :confirmed AND #attendance = :onsite AND attribute_not_exists(checkedInAt)',
              ExpressionAttributeNames: { '#status': 'status', '#attendance': 'attendance' },
              ExpressionAttributeValues: {
                ':confirmed': 'confirmed',
                ':onsite': 'onsite',
                ':now': now,
              },
            },
          },
        ]);
      } catch (error) {
        if (!(error instanceof TransactionRefused)) throw error;
        // Only now is anything read: to say why, or to answer a repeated check-in.
        if (error.failedAt(0)) assertEventActive(await this.events.get(eventId), 'registrations');
        const { registration } = await this.find(eventId, registrationId);
        assertCanCheckIn(registration);
        return registration.checkedInAt === undefined ? RACE_LOST : registration;
      }
      return (await this.find(eventId, registrationId)).registration;
    });
  }

  /**
   * Takes a check-in back, as after a tap on the wrong row; the count follows in the same
   * transaction. A registration that is not checked in is answered as it is.
   */
  async undoCheckIn(eventId: string, registrationId: string): Promise<Registration> {
    return retryOnRace(async () => {
      try {
        await transactWrite(this.store.client, [
          this.checkedInCount(eventId, -1),
          {
            Update: {
              TableName: this.store.tableName,
              Key: { pk: keys.eventPk(eventId), sk: keys.registrationSk(registrationId) },
              UpdateExpression: 'SET updatedAt = :now REMOVE checkedInAt',
              ConditionExpression: 'attribute_exists(checkedInAt)',
              ExpressionAttributeValues: { ':now': this.store.now().toISOString() },
            },
          },
        ]);
      } catch (error) {
        if (!(error instanceof TransactionRefused)) throw error;
        if (error.failedAt(0)) assertEventActive(await this.events.get(eventId), 'registrations');
        const { registration } = await this.find(eventId, registrationId);
        return registration.checkedInAt === undefined ? registration : RACE_LOST;
      }
      return (await this.find(eventId, registrationId)).registration;
    });
  }

  /** The waitlist in order, as registration ids; for organizers and invariant checks. */
  async waitlist(eventId: string): Promise<string[]> {
    const ids: string[] = [];
    const pages = paginateQuery(
      { client: this.store.client },
      {
        TableName: this.store.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.eventPk(eventId),
          ':prefix': keys.waitlistPrefix,
        },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) ids.push(String(item.registrationId));
    }
    return ids;
  }

  /** 1-based place of a waitlisted registration in the queue; counts keys only, no items. */
  async waitlistPosition(eventId: string, registrationId: string): Promise<number> {
    let count = 0;
    const pages = paginateQuery(
      { client: this.store.client },
      {
        TableName: this.store.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :self',
        ExpressionAttributeValues: {
          ':pk': keys.eventPk(eventId),
          ':first': keys.waitlistPrefix,
          ':self': keys.waitlistSk(registrationId),
        },
        Select: 'COUNT',
        ConsistentRead: true,
      },
    );
    for await (const page of pages) count += page.Count ?? 0;
    return count;
  }

  private async find(eventId: string, registrationId: string): Promise<StoredRegistration> {
    const result = await this.store.client.send(
      new GetCommand({
        TableName: this.store.tableName,
        Key: { pk: keys.eventPk(eventId), sk: keys.registrationSk(registrationId) },
        ConsistentRead: true,
      }),
    );
    if (result.Item === undefined) {
      throw new NotFoundError(`no registration ${registrationId} for event ${eventId}`);
    }
    return toRegistration(result.Item);
  }

  private async waitlistHead(eventId: string): Promise<string | undefined> {
    const result = await this.store.client.send(
      new QueryCommand({
        TableName: this.store.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.eventPk(eventId), ':prefix': keys.waitlistPrefix },
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    const head = result.Items?.[0];
    return head === undefined ? undefined : String(head.registrationId);
  }

  /** Adds `delta` to the event's checked-in count while the event is active. */
  private checkedInCount(eventId: string, delta: 1 | -1): TransactItem {
    return {
      Update: {
        TableName: this.store.tableName,
        Key: { pk: keys.eventPk(eventId), sk: keys.eventSk },
        UpdateExpression: 'ADD checkedIn :delta',
        ConditionExpression: EVENT_IS_ACTIVE.expression,
        ExpressionAttributeNames: { ...EVENT_IS_ACTIVE.names },
        ExpressionAttributeValues: { ...EVENT_IS_ACTIVE.values, ':delta': delta },
      },
    };
  }

  /** The items that move one waitlisted registration into a confirmed seat. */
  private promotion(eventId: string, registrationId: string, now: string): TransactItem[] {
    return [
      this.deleteExisting(keys.eventPk(eventId), keys.waitlistSk(registrationId)),
      {
        Update: {
          TableName: this.store.tableName,
          Key: { pk: keys.eventPk(eventId), sk: keys.registrationSk(registrationId) },
          UpdateExpression: 'SET #status = :confirmed, promotedAt = :now, updatedAt = :now',
          ConditionExpression: '#status = :waitlisted',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':confirmed': 'confirmed',
            ':waitlisted': 'waitlisted',
            ':now': now,
          },
        },
      },
    ];
  }

  /**
   * Writes a new registration's items, given in this order: the registration, its e-mail
   * guard, the event's count, and anything else. Answers false when the event's condition
   * failed and the caller said it may; turns a taken e-mail guard into a clear conflict.
   */
  private async write(
    eventId: string,
    items: TransactItem[],
    options: { eventConditionMayFail: boolean },
  ): Promise<boolean> {
    try {
      await transactWrite(this.store.client, items);
      return true;
    } catch (error) {
      if (!(error instanceof TransactionRefused)) throw error;
      if (error.failedAt(1)) {
        throw new ConflictError(
          'already-registered',
          'this e-mail address is already registered for this event; use the private link you received',
          'email',
        );
      }
      if (error.failedAt(2)) {
        if (options.eventConditionMayFail) {
          const event = await this.events.get(eventId);
          if (event.registrationOpen && isEventActive(event.status)) return false;
        }
        throw new ConflictError('registration-closed', 'registration for this event is closed');
      }
      throw error;
    }
  }

  private putRegistration(
    item: Record<string, unknown> & { id: string; eventId: string },
  ): TransactItem {
    return this.put(
      {
        pk: keys.eventPk(item.eventId),
        sk: keys.registrationSk(item.id),
        type: 'registration',
        ...item,
      },
      true,
    );
  }

  private put(item: Record<string, unknown>, mustBeNew: boolean): TransactItem {
    return {
      Put: {
        TableName: this.store.tableName,
        Item: item,
        ...(mustBeNew ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
      },
    };
  }

  private deleteExisting(pk: string, sk: string): TransactItem {
    return {
      Delete: {
        TableName: this.store.tableName,
        Key: { pk, sk },
        ConditionExpression: 'attribute_exists(pk)',
      },
    };
  }

  /**
   * Adds `delta` to one of the event's counts, under an optional extra condition; takes one
   * from the checked-in count as well when a checked-in seat is given up.
   */
  private countOnEvent(
    eventId: string,
    condition: string | undefined,
    count: 'confirmedOnsite' | 'waitlisted' | 'online',
    delta: number,
    leavesCheckedIn = false,
  ): TransactItem {
    // Counts change only while the event is active; `condition` adds to that.
    const expression =
      condition === undefined
        ? EVENT_IS_ACTIVE.expression
        : `${EVENT_IS_ACTIVE.expression} AND ${condition}`;
    return {
      Update: {
        TableName: this.store.tableName,
        Key: { pk: keys.eventPk(eventId), sk: keys.eventSk },
        UpdateExpression: leavesCheckedIn
          ? 'ADD #count :delta, checkedIn :minusOne'
          : 'ADD #count :delta',
        ConditionExpression: expression,
        ExpressionAttributeNames: { '#count': count, ...EVENT_IS_ACTIVE.names },
        ExpressionAttributeValues: {
          ':delta': delta,
          ...(leavesCheckedIn ? { ':minusOne': -1 } : {}),
          ...EVENT_IS_ACTIVE.values,
          // DynamoDB refuses values the expression does not use.
          ...(expression.includes(':true') ? { ':true': true } : {}),
          ...(expression.includes(':zero') ? { ':zero': 0 } : {}),
        },
      },
    };
  }
}
