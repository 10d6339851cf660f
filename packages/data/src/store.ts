import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';

/** What every repository needs: the client, the table, a clock and an id source. */
export interface Store {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** The current time; tests may fix it. */
  readonly now: () => Date;
  /** A new, time-ordered, unguessable id (ULID). */
  readonly newId: () => string;
}

export function createStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  now: () => Date = () => new Date(),
): Store {
  const ulid = monotonicFactory();
  return { client, tableName, now, newId: () => ulid(now().getTime()) };
}
