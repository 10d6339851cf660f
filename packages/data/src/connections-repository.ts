import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '@ltc/domain';

import type { EventsRepository } from './events-repository.js';
import { keys } from './keys.js';
import type { Store } from './store.js';
import { isConditionFailure } from './transactions.js';

/** How long a live connection is kept without a heartbeat before DynamoDB's TTL removes it. */
export const CONNECTION_TTL_SECONDS = 2 * 60 * 60;

/** How many messages one connection may send in a window before it is refused, then closed. */
export const MESSAGE_RATE_LIMIT = {
  windowSeconds: 10,
  /** Messages a window allows; a live page sends a heartbeat a minute and a few votes. */
  allowed: 30,
  /** Messages in one window after which the connection is closed. */
  closeAfter: 60,
} as const;

/** A connection's message as the rate limit saw it. */
export interface Admission {
  /** The event the connection follows, if it subscribed. */
  readonly eventId: string | undefined;
  /** Messages this connection sent in the current window, this one included. */
  readonly messagesInWindow: number;
}

/**
 * WebSocket connections of the audience of an event night: opened on connect, subscribed to
 * one event, kept alive by heartbeats, removed on disconnect or by TTL when a client vanishes.
 */
export class ConnectionsRepository {
  constructor(
    private readonly store: Store,
    private readonly events: EventsRepository,
  ) {}

  async open(connectionId: string): Promise<void> {
    await this.store.client.send(
      new PutCommand({
        TableName: this.store.tableName,
        Item: {
          pk: keys.connectionPk(connectionId),
          sk: keys.connectionSk,
          type: 'connection',
          connectionId,
          connectedAt: this.store.now().toISOString(),
          expiresAt: this.expiry(),
        },
      }),
    );
  }

  /** Follows one event; a connection follows at most one. Throws NotFoundError for a gone connection or unknown event. */
  async subscribe(connectionId: string, eventId: string): Promise<void> {
    await this.events.get(eventId);
    await this.updateLive(connectionId, {
      UpdateExpression:
        'SET eventId = :eventId, gsi1pk = :livePk, gsi1sk = :id, expiresAt = :expiresAt',
      ExpressionAttributeValues: {
        ':eventId': eventId,
        ':livePk': keys.liveIndexPk(eventId),
        ':id': connectionId,
        ':expiresAt': this.expiry(),
      },
    });
  }

  /**
   * Counts one message of a connection against its rate limit, in a fixed window kept on the
   * connection item, keeps the connection from expiring (any message does, a heartbeat
   * included), and tells which event it follows. Throws NotFoundError for a gone
   * connection. The caller decides what to do with a count over the limit.
   */
  async admit(connectionId: string): Promise<Admission> {
    const window = Math.floor(this.store.now().getTime() / 1000 / MESSAGE_RATE_LIMIT.windowSeconds);
    const key = { pk: keys.connectionPk(connectionId), sk: keys.connectionSk };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const { Attributes } = await this.store.client.send(
          new UpdateCommand({
            TableName: this.store.tableName,
            Key: key,
            UpdateExpression: 'SET expiresAt = :expiresAt ADD rateCount :one',
            ConditionExpression: 'rateWindow = :window',
            ExpressionAttributeValues: {
              ':one': 1,
              ':window': window,
              ':expiresAt': this.expiry(),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return admission(Attributes);
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      // The first message of a new window starts the count again.
      try {
        const { Attributes } = await this.store.client.send(
          new UpdateCommand({
            TableName: this.store.tableName,
            Key: key,
            UpdateExpression: 'SET rateWindow = :window, rateCount = :one, expiresAt = :expiresAt',
            ConditionExpression:
              'attribute_exists(pk) AND (attribute_not_exists(rateWindow) OR rateWindow <> :window)',
            ExpressionAttributeValues: {
              ':one': 1,
              ':window': window,
              ':expiresAt': this.expiry(),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return admission(Attributes);
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // Either the connection is gone, or another message started this window first.
        const { Item } = await this.store.client.send(
          new GetCommand({ TableName: this.store.tableName, Key: key, ConsistentRead: true }),
        );
        if (Item === undefined)
          throw new NotFoundError('This connection is closed; connect again.');
      }
    }
    throw new NotFoundError('This connection is closed; connect again.');
  }

  /** Forgets a connection; closing one that is already gone is not an error. */
  async close(connectionId: string): Promise<void> {
    await this.store.client.send(
      new DeleteCommand({
        TableName: this.store.tableName,
        Key: { pk: keys.connectionPk(connectionId), sk: keys.connectionSk },
      }),
    );
  }

  /** The connections following an event, for broadcasts. */
  async subscribers(eventId: string): Promise<string[]> {
    const ids: string[] = [];
    const pages = paginateQuery(
      { client: this.store.client },
      {
        TableName: this.store.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :livePk',
        ExpressionAttributeValues: { ':livePk': keys.liveIndexPk(eventId) },
        ProjectionExpression: 'connectionId',
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) ids.push(String(item.connectionId));
    }
    return ids;
  }

  private async updateLive(
    connectionId: string,
    update: { UpdateExpression: string; ExpressionAttributeValues: Record<string, unknown> },
  ): Promise<void> {
    try {
      await this.store.client.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: { pk: keys.connectionPk(connectionId), sk: keys.connectionSk },
          ConditionExpression: 'attribute_exists(pk)',
          ...update,
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new NotFoundError('This connection is closed; connect again.');
      }
      throw error;
    }
  }

  private expiry(): number {
    return Math.floor(this.store.now().getTime() / 1000) + CONNECTION_TTL_SECONDS;
  }
}

function admission(attributes: Record<string, unknown> | undefined): Admission {
  const eventId = attributes?.eventId;
  return {
    eventId: typeof eventId === 'string' ? eventId : undefined,
    messagesInWindow: Number(attributes?.rateCount ?? 1),
  };
}
