import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { CONNECTION_TTL_SECONDS, keys, MESSAGE_RATE_LIMIT } from '@ltc/data';
import { createWebSocketHandler } from '@ltc/realtime/lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { anEvent } from '../support/fixtures.js';
import {
  startManagementApiDouble,
  type ManagementApiDouble,
} from '../support/management-api-double.js';
import { createTestTable, type TestTable } from '../support/table.js';

/*
 * Drives the realtime Lambda with API Gateway WebSocket events against DynamoDB Local: the
 * connection lifecycle (connect, subscribe, heartbeat, disconnect), votes and their broadcast
 * through the management API (a test double: API Gateway is not reachable here), and what it
 * says to bad messages and floods.
 */
let table: TestTable;
let managementApi: ManagementApiDouble;
let handler: ReturnType<typeof createWebSocketHandler>;
let eventId: string;

beforeAll(async () => {
  [table, managementApi] = await Promise.all([createTestTable(), startManagementApiDouble()]);
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', table.endpoint);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  handler = createWebSocketHandler({
    TABLE_NAME: table.tableName,
    AWS_REGION: 'ap-northeast-1',
    MANAGEMENT_ENDPOINT: managementApi.endpoint,
  });
  eventId = (await table.repositories.events.create(anEvent())).id;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await managementApi.close();
});

function webSocketEvent(routeKey: string, connectionId: string, body?: string) {
  return {
    requestContext: {
      routeKey,
      connectionId,
      domainName: 'abc123.execute-api.ap-northeast-1.amazonaws.com',
      stage: 'live',
    },
    body: body ?? null,
  };
}

async function send(connectionId: string, message: unknown) {
  const body = typeof message === 'string' ? message : JSON.stringify(message);
  const result = await handler(webSocketEvent('$default', connectionId, body));
  return {
    statusCode: result.statusCode,
    reply: JSON.parse(result.body ?? '{}') as { type?: string } & Record<string, unknown>,
  };
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
    expect(subscribed).toMatchObject({
      statusCode: 200,
      reply: { type: 'subscribed', eventId, live: { eventId, currentTalkId: null, polls: [] } },
    });
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

/** A voter's key as a browser makes it: 16 random bytes, URL-safe. */
function newVoterKey(seed: string): string {
  return `${seed}-${'k'.repeat(24)}`.slice(0, 32).replace(/[^A-Za-z0-9_-]/g, '_');
}

describe('votes through the realtime Lambda', () => {
  let liveEventId: string;
  let pollId: string;

  beforeAll(async () => {
    const { events, live } = table.repositories;
    liveEventId = (await events.create(anEvent())).id;
    await events.changeStatus(liveEventId, 'ongoing');
    pollId = (await live.createPoll(liveEventId, { question: 'Best talk?', options: ['A', 'B'] }))
      .id;
    await live.changePollStatus(liveEventId, pollId, 'open');
    for (const id of ['v-1', 'v-2']) {
      await handler(webSocketEvent('$connect', id));
      await send(id, { type: 'subscribe', eventId: liveEventId });
    }
  });

  it('counts a vote, answers the voter and sends the new counts to everybody following', async () => {
    const answer = await send('v-1', {
      type: 'vote',
      pollId,
      optionId: 'o2',
      voterKey: newVoterKey('first'),
    });

    expect(answer.reply).toEqual({ type: 'voted', pollId, optionId: 'o2' });
    for (const id of ['v-1', 'v-2']) {
      expect(managementApi.posted.get(id)?.at(-1)).toMatchObject({
        type: 'poll',
        eventId: liveEventId,
        poll: { id: pollId, counts: { o1: 0, o2: 1 }, totalVotes: 1 },
      });
    }
  });

  it('never counts a second vote of the same voter, even sent at once from many connections', async () => {
    const voterKey = newVoterKey('twice');
    const ids = Array.from({ length: 8 }, (_, index) => `twice-${String(index)}`);
    for (const id of ids) {
      await handler(webSocketEvent('$connect', id));
      await send(id, { type: 'subscribe', eventId: liveEventId });
    }

    const answers = await Promise.all(
      ids.map((id) => send(id, { type: 'vote', pollId, optionId: 'o1', voterKey })),
    );
    const results = await table.repositories.live.pollResults(liveEventId, pollId);

    expect(answers.filter((answer) => answer.reply.type === 'voted')).toHaveLength(1);
    expect(answers.filter((answer) => answer.reply.type === 'error')).toHaveLength(7);
    for (const answer of answers.filter((each) => each.reply.type === 'error')) {
      expect(answer.reply).toMatchObject({ code: 'already-voted' });
    }
    expect(results.counts.o1).toBe(1);
  });

  it('counts votes of many voters at once exactly', async () => {
    const { live } = table.repositories;
    const poll = await live.createPoll(liveEventId, { question: 'Pizza?', options: ['Yes', 'No'] });
    await live.changePollStatus(liveEventId, poll.id, 'open');

    const ids = Array.from({ length: 30 }, (_, index) => `many-${String(index)}`);
    for (const id of ids) {
      await handler(webSocketEvent('$connect', id));
      await send(id, { type: 'subscribe', eventId: liveEventId });
    }

    const answers = await Promise.all(
      ids.map((id, index) =>
        send(id, {
          type: 'vote',
          pollId: poll.id,
          optionId: index % 3 === 0 ? 'o2' : 'o1',
          voterKey: newVoterKey(id),
        }),
      ),
    );
    const results = await live.pollResults(liveEventId, poll.id);

    expect(answers.every((answer) => answer.reply.type === 'voted')).toBe(true);
    expect(results.counts).toEqual({ o1: 20, o2: 10 });
    expect(results.totalVotes).toBe(30);
  });

  it.each([
    ['an unknown option', { optionId: 'o9' }, 'not-found', 'optionId'],
    ['an unknown poll', { pollId: 'NOSUCHPOLL' }, 'not-found', 'pollId'],
    ['a voter key too short to be random', { voterKey: 'short' }, 'invalid-message', 'voterKey'],
  ])('refuses a vote for %s with an error naming the field', async (_what, change, code, field) => {
    const answer = await send('v-2', {
      type: 'vote',
      pollId,
      optionId: 'o1',
      voterKey: newVoterKey('refused'),
      ...change,
    });

    expect(answer.reply).toMatchObject({ type: 'error', code, field });
    if (code !== 'invalid-message')
      expect(answer.reply).toMatchObject({ pollId: 'pollId' in change ? change.pollId : pollId });
  });

  it('refuses a vote in a closed poll and one before subscribing', async () => {
    const { live } = table.repositories;
    const poll = await live.createPoll(liveEventId, { question: 'Closed?', options: ['a', 'b'] });
    await live.changePollStatus(liveEventId, poll.id, 'open');
    await live.changePollStatus(liveEventId, poll.id, 'closed');
    await handler(webSocketEvent('$connect', 'unsubscribed'));

    const closed = await send('v-2', {
      type: 'vote',
      pollId: poll.id,
      optionId: 'o1',
      voterKey: newVoterKey('late'),
    });
    const early = await send('unsubscribed', {
      type: 'vote',
      pollId,
      optionId: 'o1',
      voterKey: newVoterKey('early'),
    });

    expect(closed.reply).toMatchObject({ type: 'error', code: 'poll-closed' });
    expect(early.reply).toMatchObject({ type: 'error', code: 'not-subscribed' });
    expect((await live.pollResults(liveEventId, poll.id)).totalVotes).toBe(0);
  });

  it('forgets a connection that API Gateway says is gone when a broadcast reaches it', async () => {
    await handler(webSocketEvent('$connect', 'gone-1'));
    await send('gone-1', { type: 'subscribe', eventId: liveEventId });
    managementApi.gone.add('gone-1');

    await send('v-1', { type: 'vote', pollId, optionId: 'o1', voterKey: newVoterKey('third') });

    expect(await connection('gone-1')).toBeUndefined();
    expect(await table.repositories.connections.subscribers(liveEventId)).not.toContain('gone-1');
  });

  it('drops messages over the rate limit with an error, then closes a connection that keeps flooding', async () => {
    await handler(webSocketEvent('$connect', 'flood'));
    // Every message lands in one window of the limit, however slowly this machine sends them.
    vi.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    const answers = [];
    for (let index = 0; index < MESSAGE_RATE_LIMIT.closeAfter + 1; index++) {
      answers.push(await send('flood', { type: 'heartbeat' }));
    }
    vi.useRealTimers();

    const codes = answers.map((answer) =>
      answer.reply.type === 'error' ? (answer.reply as { code: string }).code : answer.reply.type,
    );
    expect(codes.slice(0, MESSAGE_RATE_LIMIT.allowed).every((code) => code === 'pong')).toBe(true);
    expect(codes.slice(MESSAGE_RATE_LIMIT.allowed, MESSAGE_RATE_LIMIT.closeAfter)).toEqual(
      Array(MESSAGE_RATE_LIMIT.closeAfter - MESSAGE_RATE_LIMIT.allowed).fill('rate-limited'),
    );
    expect(managementApi.deleted).toContain('flood');
    expect(managementApi.posted.get('flood')?.at(-1)).toMatchObject({ code: 'rate-limited' });
    // Other connections are not affected.
    expect((await send('v-2', { type: 'heartbeat' })).reply).toEqual({ type: 'pong' });
  });
});
