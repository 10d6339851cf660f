import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The one declaration of Lightning Talk Circle's DynamoDB table: keys, indexes and TTL. The CDK
 * app and the local runtime both build their table from it, so the two cannot drift.
 *
 * Single-table layout (every event's data lives in the event's partition):
 *
 * | item            | pk            | sk                  | gsi1pk   | gsi1sk              |
 * |-----------------|---------------|---------------------|----------|---------------------|
 * | event           | `EVENT#<id>`  | `EVENT`             | `EVENTS` | `<endsAt UTC>#<id>` |
 * | registration    | `EVENT#<id>`  | `REG#<regId>`       |          |                     |
 * | e-mail guard    | `EVENT#<id>`  | `REGEMAIL#<sha256>` |          |                     |
 * | waitlist entry  | `EVENT#<id>`  | `WAIT#<regId>`      |          |                     |
 * | talk            | `EVENT#<id>`  | `TALK#<talkId>`     |          |                     |
 * | live connection | `CONN#<id>`   | `CONN`              | `LIVE#<eventId>` | `<connectionId>` |
 *
 * Live connections (the WebSocket audience of an event night) expire by TTL when a client stops
 * sending heartbeats; gsi1 lists the connections that follow one event.
 */
export const TABLE_DECLARATION = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
      projection: 'ALL',
    },
  ],
  /** Attribute holding an epoch-seconds expiry for items that should disappear by themselves. */
  timeToLiveAttribute: 'expiresAt',
} as const;

export type TableDeclaration = typeof TABLE_DECLARATION;

/** The table's name in a stage, e.g. `ltc-dev-main`; `local` is the name `npm start` uses. */
export function tableNameFor(stage: string): string {
  return `ltc-${stage}-main`;
}

/** The declaration as a CreateTable request, for DynamoDB Local and tests. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, globalSecondaryIndexes } = TABLE_DECLARATION;
  const keyAttributes = [
    partitionKey,
    sortKey,
    ...globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];

  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttributes.map((key) => ({
      AttributeName: key.name,
      AttributeType: key.type,
    })),
    KeySchema: [
      { AttributeName: partitionKey.name, KeyType: 'HASH' },
      { AttributeName: sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: index.projection },
    })),
  };
}
