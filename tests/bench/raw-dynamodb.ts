import { randomUUID } from 'node:crypto';

import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, keys } from '@ltc/data';

import { percentile, round } from './stats.js';

export interface Latency {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly samples: number;
}

/** The events the raw round trips read and write; the writes go to events of their own. */
export interface RawTargets {
  readonly endpoint: string;
  readonly tableName: string;
  /** An event with talks, read as the event page reads it. */
  readonly readEventId: string;
  /** An open hybrid event with room, registered for by the raw writes only. */
  readonly registerEventId: string;
  /** An event open for talks, submitted to by the raw writes only. */
  readonly talkEventId: string;
}

/**
 * The DynamoDB calls each measured API operation makes, sent straight through the SDK one at a
 * time: the floor under the API's latency. Each mirrors the repository's calls for the
 * operation, in the same order, so the ratio API / raw is the API's own overhead (HTTP, routing,
 * validation, mapping). Keep these in step with packages/data when its calls change.
 */
export function rawOperations(targets: RawTargets) {
  const client = createDocumentClient({ endpoint: targets.endpoint });
  const { tableName } = targets;
  const getEvent = (eventId: string) =>
    client.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: keys.eventPk(eventId), sk: keys.eventSk },
        ConsistentRead: true,
      }),
    );

  const eventList = () =>
    client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :now',
        ExpressionAttributeValues: { ':pk': keys.eventsIndexPk, ':now': new Date().toISOString() },
        Limit: 20,
      }),
    );
  const eventPage = () =>
    Promise.all([
      getEvent(targets.readEventId),
      client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.eventPk(targets.readEventId),
            ':prefix': keys.talkPrefix,
          },
          ConsistentRead: true,
        }),
      ),
    ]);
  // Registration: read the event, write registration + e-mail guard + count, read the event again.
  const register = async () => {
    await getEvent(targets.registerEventId);
    await registrationWrite(client, tableName, targets.registerEventId);
    await getEvent(targets.registerEventId);
  };
  // Talk submission: read the event, write the talk under a check that submission is open.
  const submitTalk = async () => {
    await getEvent(targets.talkEventId);
    await talkWrite(client, tableName, targets.talkEventId);
  };

  return {
    eventList,
    eventPage,
    registrationCreate: register,
    talkSubmit: submitTalk,
    close: () => {
      client.destroy();
    },
  };
}

/**
 * Times two operations in turns, one sample of each at a time, so both see the same machine
 * (other processes, DynamoDB Local's JIT and garbage collection) and their ratio is fair.
 */
export async function pairedLatency(
  first: () => Promise<unknown>,
  second: () => Promise<unknown>,
  samples: number,
): Promise<[Latency, Latency]> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < samples; i++) {
    let started = performance.now();
    await first();
    a.push(performance.now() - started);
    started = performance.now();
    await second();
    b.push(performance.now() - started);
  }
  return [summary(a), summary(b)];
}

function summary(measured: readonly number[]): Latency {
  return {
    p50Ms: round(percentile(measured, 50)),
    p99Ms: round(percentile(measured, 99)),
    samples: measured.length,
  };
}

async function registrationWrite(
  client: DynamoDBDocumentClient,
  tableName: string,
  eventId: string,
): Promise<void> {
  const id = randomUUID().replaceAll('-', '').toUpperCase();
  const now = new Date().toISOString();
  const email = `raw-${id}@example.com`;
  await client.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName,
            Item: {
              pk: keys.eventPk(eventId),
              sk: keys.registrationSk(id),
              type: 'registration',
              id,
              eventId,
              name: 'Raw bench',
              email,
              attendance: 'onsite',
              status: 'confirmed',
              createdAt: now,
              updatedAt: now,
              manageTokenHash: 'x'.repeat(64),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: { pk: keys.eventPk(eventId), sk: keys.emailGuardSk(email), registrationId: id },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: tableName,
            Key: { pk: keys.eventPk(eventId), sk: keys.eventSk },
            UpdateExpression: 'ADD #count :delta',
            ConditionExpression:
              '#status IN (:upcoming, :ongoing) AND registrationOpen = :true AND confirmedOnsite < onsiteCapacity AND waitlisted = :zero',
            ExpressionAttributeNames: { '#count': 'confirmedOnsite', '#status': 'status' },
            ExpressionAttributeValues: {
              ':delta': 1,
              ':upcoming': 'upcoming',
              ':ongoing': 'ongoing',
              ':true': true,
              ':zero': 0,
            },
          },
        },
      ],
    }),
  );
}

async function talkWrite(
  client: DynamoDBDocumentClient,
  tableName: string,
  eventId: string,
): Promise<void> {
  const id = randomUUID().replaceAll('-', '').toUpperCase();
  const now = new Date().toISOString();
  await client.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          ConditionCheck: {
            TableName: tableName,
            Key: { pk: keys.eventPk(eventId), sk: keys.eventSk },
            ConditionExpression: 'talkSubmissionOpen = :true AND #status = :upcoming',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':true': true, ':upcoming': 'upcoming' },
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: {
              pk: keys.eventPk(eventId),
              sk: keys.talkSk(id),
              type: 'talk',
              id,
              eventId,
              title: 'Raw bench talk',
              abstract: 'Measured straight through the SDK.',
              category: 'tech',
              speakerName: 'Raw bench',
              speakerEmail: `raw-${id}@example.com`,
              status: 'pending',
              createdAt: now,
              updatedAt: now,
              manageTokenHash: 'x'.repeat(64),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    }),
  );
}
