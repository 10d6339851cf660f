import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { CONNECTION_TTL_SECONDS, keys } from '@ltc/data';
import { createWebSocketHandler } from '@ltc/realtime/lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { anEvent } from '../support/fixtures.js';
import { createTestTable, type TestTable } from '../support/table.js';

/*
 * Drives the realtime Lambda with API Gateway WebSocket events against DynamoDB Local: the
 * connection lifecycle (connect, subscribe, heartbeat, disconnect) and what it says to bad
 * messages.
 */
let table: TestTable;
let handler: ReturnType<typeof createWebSocketHandler>;
let eventId: string;

beforeAll(async () => {
  table = await createTestTable();
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', table.endpoint);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  handler = createWebSocketHandler({ TABLE_NAME: table.tableName, AWS_REGION: 'ap-northeast-1' });
  eventId = (await table.repositories.events.create(anEvent())).id;
});

afterAll(() => {
  vi.unstubAllEnvs();
});

function webSocketEvent(routeKey: string, connectionId: string, body?: string) {
  return { requestContext: { routeKey, connectionId }, body: body ?? null };
}

async function send(connectionId: string, message: unknown) {
  const body = typeof message === 'string' ? message : JSON.stringify(message);
  const result = await handler(webSocketEvent('$default', connectionId, body));
  return { statusCode: result.statusCode, reply: JSON.parse(result.body ?? '{}') as unknown };
}

async function connection(connectionId: string) {
  const found = await table.store.client.send(
    new GetCommand({
      TableName: table.tableName,
      Key: { pk: keys.connectionPk(connectionId), sk: keys.connectionSk },
    }),
  );
  return found.Item;
}

describe('the realtime Lambda handler', () => {
  it('stores a connection with an expiry, subscribes it to an event and forgets it on disconnect', async () => {
    await handler(webSocketEvent('$connect', 'c-1'));
    const opened = await connection('c-1');
    const subscribed = await send('c-1', { type: 'subscribe', eventId });
    const followers = await table.repositories.connections.subscribers(eventId);
    await handler(webSocketEvent('$disconnect', 'c-1'));

    expect(opened?.expiresAt).toBeGreaterThan(Date.now() / 1000 + CONNECTION_TTL_SECONDS - 60);
    expect(subscribed).toEqual({ statusCode: 200, reply: { type: 'subscribed', eventId } });
    expect(followers).toEqual(['c-1']);
    expect(await connection('c-1')).toBeUndefined();
    expect(await table.repositories.connections.subscribers(eventId)).toEqual([]);
  });

  it('answers a heartbeat and pushes the expiry on', async () => {
    await handler(webSocketEvent('$connect', 'c-2'));
    const before = (await connection('c-2'))?.expiresAt as number;
    vi.useFakeTimers({ now: Date.now() + 60_000, toFake: ['Date'] });

    const answer = await send('c-2', { type: 'heartbeat' });
    vi.useRealTimers();

    expect(answer).toEqual({ statusCode: 200, reply: { type: 'pong' } });
    expect((await connection('c-2'))?.expiresAt).toBeGreaterThan(before);
  });

  it.each([
    ['not JSON', '{"type":', 'malformed'],
    ['an unknown type', { type: 'vote' }, 'invalid-message'],
    ['an extra field', { type: 'heartbeat', admin: true }, 'invalid-message'],
    [
      'a message over 4 KB',
      JSON.stringify({ type: 'heartbeat', pad: 'x'.repeat(5000) }),
      'too-large',
    ],
    ['an unknown event', { type: 'subscribe', eventId: 'no-such-event' }, 'not-found'],
  ])('refuses %s with an error reply and keeps the connection', async (_what, message, code) => {
    await handler(webSocketEvent('$connect', 'c-3'));

    const answer = await send('c-3', message);

    expect(answer.statusCode).toBe(200);
    expect(answer.reply).toMatchObject({ type: 'error', code });
    expect(await connection('c-3')).toBeDefined();
  });

  it('tells a connection that is already gone to connect again', async () => {
    const answer = await send('never-connected', { type: 'heartbeat' });

    expect(answer).toMatchObject({ statusCode: 200, reply: { type: 'error', code: 'not-found' } });
  });

  it('stops at start with the name of a missing setting', () => {
    expect(() => createWebSocketHandler({ AWS_REGION: 'ap-northeast-1' })).toThrow(
      /missing settings: TABLE_NAME\. The Realtime stack/,
    );
  });
});
