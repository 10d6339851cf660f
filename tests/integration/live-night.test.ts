import { MAX_MESSAGE_BYTES } from '@ltc/realtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { signInOverHttp } from '../support/browser.js';
import { aTalk, anEvent } from '../support/fixtures.js';
import { LiveClient } from '../support/live-client.js';
import { startProduct, type TestProduct } from '../support/product.js';

/*
 * An event night through the local product as `npm start` runs it: the organizer's live
 * controls over HTTP, and the audience on real WebSocket connections to the local server,
 * which runs the same message handling as the realtime Lambda.
 */

let product: TestProduct;
let token: string;
let eventId: string;
let talkId: string;
/** A talk submitted but never accepted. */
let pendingTalkId: string;
const clients: LiveClient[] = [];

async function api(
  path: string,
  init: { method?: string; json?: unknown; organizer?: boolean } = {},
) {
  const headers: Record<string, string> = {};
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  if (init.organizer !== false) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${product.baseUrl}/api${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>,
  };
}

async function submitTalk(n: number): Promise<string> {
  const answer = await api(`/events/${eventId}/talks`, {
    method: 'POST',
    json: aTalk(n),
    organizer: false,
  });
  return (answer.body.talk as { id: string }).id;
}

async function follow(): Promise<LiveClient> {
  const client = await LiveClient.following(product.product.webSocketUrl, eventId);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  product = await startProduct();
  token = await signInOverHttp(product.baseUrl, product.demoOrganizer);
  eventId = String((await api('/events', { method: 'POST', json: anEvent() })).body.id);
  talkId = await submitTalk(1);
  pendingTalkId = await submitTalk(2);
  await api(`/events/${eventId}/talks/${talkId}/review`, {
    method: 'POST',
    json: { decision: 'accepted' },
  });
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await product.stop();
});

describe('the live night through the local product', () => {
  it('keeps the live controls for an ongoing event and says why', async () => {
    const early = await api(`/events/${eventId}/live/current`, {
      method: 'PUT',
      json: { talkId },
    });
    await api(`/events/${eventId}/status`, { method: 'POST', json: { status: 'ongoing' } });
    const noTalk = await api(`/events/${eventId}/live/timer`, {
      method: 'POST',
      json: { action: 'start' },
    });

    expect(early.status).toBe(409);
    expect(early.headers.get('content-type')).toContain('application/problem+json');
    expect(early.body).toMatchObject({ code: 'event-not-ongoing' });
    expect(noTalk.body).toMatchObject({ status: 409, code: 'no-current-talk' });
  });

  it('pushes the talk on stage and its running timer to everybody following', async () => {
    const [first, second] = [await follow(), await follow()];
    const mark = [first.frames.length, second.frames.length];

    const put = await api(`/events/${eventId}/live/current`, { method: 'PUT', json: { talkId } });
    const started = await api(`/events/${eventId}/live/timer`, {
      method: 'POST',
      json: { action: 'start' },
    });

    expect(put.status).toBe(200);
    expect(started.body).toMatchObject({ currentTalkId: talkId, timer: { state: 'running' } });
    for (const [index, client] of [first, second].entries()) {
      const pushed = await client.next(
        (message) =>
          message.type === 'live' &&
          (message.live as { timer: { state: string } }).timer.state === 'running',
        { from: mark[index] ?? 0 },
      );
      expect(pushed.live).toMatchObject({
        currentTalkId: talkId,
        talks: [{ id: talkId, speakerName: aTalk(1).speakerName }],
      });
      expect(JSON.stringify(pushed)).not.toContain(aTalk(1).speakerEmail);
    }
  });

  it('opens a poll, counts one vote per voter and shows both followers the counts', async () => {
    const [voter, watcher] = [await follow(), await follow()];
    const created = await api(`/events/${eventId}/polls`, {
      method: 'POST',
      json: { question: '今夜のベストトーク？', options: ['A', 'B', 'C'] },
    });
    const pollId = String(created.body.id);
    await api(`/events/${eventId}/polls/${pollId}/open`, { method: 'POST' });
    const mark = watcher.frames.length;

    voter.send({ type: 'vote', pollId, optionId: 'o2', voterKey: 'browser-key-0000000000001' });
    const reply = await voter.next((message) => message.type === 'voted');
    const seen = await watcher.next(
      (message) =>
        message.type === 'poll' && (message.poll as { totalVotes: number }).totalVotes === 1,
      { from: mark },
    );
    voter.send({ type: 'vote', pollId, optionId: 'o1', voterKey: 'browser-key-0000000000001' });
    const again = await voter.next((message) => message.type === 'error');
    const closed = await api(`/events/${eventId}/polls/${pollId}/close`, { method: 'POST' });
    const late = await api(`/events/${eventId}/polls/${pollId}/close`, { method: 'POST' });
    const view = await api(`/events/${eventId}/live`, { organizer: false });

    expect(created.status).toBe(201);
    expect(reply).toEqual({ type: 'voted', pollId, optionId: 'o2' });
    expect(seen.poll).toMatchObject({ counts: { o1: 0, o2: 1, o3: 0 }, totalVotes: 1 });
    expect(again).toMatchObject({ code: 'already-voted' });
    expect(closed.body).toMatchObject({ status: 'closed', totalVotes: 1 });
    expect(late.body).toMatchObject({ status: 409, code: 'poll-not-open' });
    expect(view.headers.get('cache-control')).toBe('no-store');
    expect(view.body.polls).toEqual([
      expect.objectContaining({ id: pollId, status: 'closed', counts: { o1: 0, o2: 1, o3: 0 } }),
    ]);
  });

  it('shows everybody the final counts of a burst of votes', async () => {
    const voters = await Promise.all(Array.from({ length: 20 }, () => follow()));
    const watcher = await follow();
    const created = await api(`/events/${eventId}/polls`, {
      method: 'POST',
      json: { question: 'Burst?', options: ['yes', 'no'] },
    });
    const pollId = String(created.body.id);
    await api(`/events/${eventId}/polls/${pollId}/open`, { method: 'POST' });

    for (const [index, voter] of voters.entries()) {
      voter.send({
        type: 'vote',
        pollId,
        optionId: index < 15 ? 'o1' : 'o2',
        voterKey: `burst-voter-key-${String(index).padStart(8, '0')}`,
      });
    }
    const replies = await Promise.all(
      voters.map((voter) => voter.next((message) => message.type === 'voted')),
    );
    const final = await watcher.next(
      (message) =>
        message.type === 'poll' &&
        (message.poll as { id: string; totalVotes: number }).id === pollId &&
        (message.poll as { totalVotes: number }).totalVotes === 20,
    );

    expect(replies).toHaveLength(20);
    expect(final.poll).toMatchObject({ counts: { o1: 15, o2: 5 } });
  });

  it.each([
    ['no token', { organizer: false, json: { question: 'Q', options: ['a', 'b'] } }, 401, ''],
    ['one option', { json: { question: 'Q', options: ['a'] } }, 400, 'options'],
    ['a repeated option', { json: { question: 'Q', options: ['a', 'a'] } }, 400, 'options'],
    ['an empty question', { json: { question: ' ', options: ['a', 'b'] } }, 400, 'question'],
    ['an extra field', { json: { question: 'Q', options: ['a', 'b'], open: true } }, 400, ''],
    [
      'options that differ only in Unicode form',
      { json: { question: 'Q', options: ['café', 'cafe\u0301'] } },
      400,
      'options',
    ],
    [
      'options that differ only by an invisible character',
      { json: { question: 'Q', options: ['Yes', 'Y\u200bes'] } },
      400,
      'options',
    ],
    [
      'options that differ only in width or case',
      { json: { question: 'Q', options: ['Yes', 'ＹＥＳ'] } },
      400,
      'options',
    ],
  ])('refuses a poll with %s', async (_what, init, status, field) => {
    const answer = await api(`/events/${eventId}/polls`, { method: 'POST', ...init });

    expect(answer.status).toBe(status);
    if (field !== '') {
      expect(answer.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field })]),
      );
    }
  });

  it('refuses a talk that is not accepted on stage, and an unknown timer action', async () => {
    const onStage = await api(`/events/${eventId}/live/current`, {
      method: 'PUT',
      json: { talkId: pendingTalkId },
    });
    const timer = await api(`/events/${eventId}/live/timer`, {
      method: 'POST',
      json: { action: 'explode' },
    });

    expect(onStage.body).toMatchObject({ status: 409, code: 'talk-not-accepted' });
    expect(timer.body).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ field: 'action' })],
    });
  });

  it('answers bad frames with an error and keeps the connection; a frame far over the limit closes it', async () => {
    const client = await follow();

    client.send('not json');
    const malformed = await client.next((message) => message.code === 'malformed');
    client.send(JSON.stringify({ type: 'heartbeat', pad: 'x'.repeat(MAX_MESSAGE_BYTES + 10) }));
    const tooLarge = await client.next((message) => message.code === 'too-large');
    client.send({ type: 'heartbeat' });
    const pong = await client.next((message) => message.type === 'pong');
    client.send('x'.repeat(MAX_MESSAGE_BYTES * 5));
    const closed = await client.whenClosed();

    expect(malformed.type).toBe('error');
    expect(tooLarge.type).toBe('error');
    expect(pong).toEqual({ type: 'pong' });
    expect(closed.code).toBe(1009);
  });

  it('answers the messages of one connection in the order they were sent', async () => {
    const client = await LiveClient.connect(product.product.webSocketUrl);
    clients.push(client);
    const created = await api(`/events/${eventId}/polls`, {
      method: 'POST',
      json: { question: 'In order?', options: ['yes', 'no'] },
    });
    await api(`/events/${eventId}/polls/${String(created.body.id)}/open`, { method: 'POST' });

    client.send({ type: 'subscribe', eventId });
    client.send({
      type: 'vote',
      pollId: created.body.id,
      optionId: 'o1',
      voterKey: 'in-order-voter-key-000001',
    });
    client.send({ type: 'heartbeat' });
    await client.next((message) => message.type === 'pong');

    expect(
      client.frames
        .map((frame) => frame.message.type)
        .filter((type) => type !== 'live' && type !== 'poll'),
    ).toEqual(['subscribed', 'voted', 'pong']);
  });

  it('names an unknown key of a message as the field', async () => {
    const client = await follow();

    client.send({ type: 'heartbeat', eventId });
    const refused = await client.next((message) => message.type === 'error');

    expect(refused).toMatchObject({ code: 'invalid-message', field: 'eventId' });
  });

  it('closes a connection that floods, with a reason, and nobody else notices', async () => {
    const [flooder, bystander] = [await follow(), await follow()];

    // Far over the limit, so that even a window boundary in the middle leaves one window full.
    for (let index = 0; index < 200; index++) flooder.send({ type: 'heartbeat' });
    const closed = await flooder.whenClosed();
    const limited = flooder.frames.filter((frame) => frame.message.code === 'rate-limited');
    bystander.send({ type: 'heartbeat' });

    expect(closed).toEqual({ code: 1008, reason: 'too many messages' });
    expect(limited.length).toBeGreaterThan(0);
    expect(await bystander.next((message) => message.type === 'pong')).toEqual({ type: 'pong' });
  });

  it('pushes a new running order and a finished night to everybody following', async () => {
    const follower = await follow();
    const mark = follower.frames.length;

    await api(`/events/${eventId}/talks/${pendingTalkId}/review`, {
      method: 'POST',
      json: { decision: 'accepted' },
    });
    const order = await follower.next(
      (message) =>
        message.type === 'live' &&
        (message.live as { talks: { id: string }[] }).talks.some(
          (talk) => talk.id === pendingTalkId,
        ),
      { from: mark },
    );
    await api(`/events/${eventId}/running-order`, {
      method: 'PUT',
      json: { talkIds: [pendingTalkId, talkId] },
    });
    const reordered = await follower.next(
      (message) =>
        message.type === 'live' &&
        (message.live as { talks: { id: string }[] }).talks[0]?.id === pendingTalkId,
      { from: mark },
    );

    expect((order.live as { talks: unknown[] }).talks).toHaveLength(2);
    expect((reordered.live as { talks: { id: string }[] }).talks.map((talk) => talk.id)).toEqual([
      pendingTalkId,
      talkId,
    ]);
  });

  it('takes a talk off stage when it is rejected, and counts no vote once the night is over', async () => {
    const voter = await follow();
    const created = await api(`/events/${eventId}/polls`, {
      method: 'POST',
      json: { question: 'Last one?', options: ['yes', 'no'] },
    });
    const pollId = String(created.body.id);
    await api(`/events/${eventId}/polls/${pollId}/open`, { method: 'POST' });
    await api(`/events/${eventId}/live/current`, {
      method: 'PUT',
      json: { talkId: pendingTalkId },
    });

    await api(`/events/${eventId}/talks/${pendingTalkId}/review`, {
      method: 'POST',
      json: { decision: 'rejected' },
    });
    const view = await api(`/events/${eventId}/live`, { organizer: false });
    const timer = await api(`/events/${eventId}/live/timer`, {
      method: 'POST',
      json: { action: 'start' },
    });
    await api(`/events/${eventId}/status`, { method: 'POST', json: { status: 'completed' } });
    voter.send({ type: 'vote', pollId, optionId: 'o1', voterKey: 'after-the-night-key-00001' });
    const late = await voter.next(
      (message) => message.type === 'error' || message.type === 'voted',
    );
    const counted = await api(`/events/${eventId}/live`, { organizer: false });

    expect(view.body).toMatchObject({ currentTalkId: null, timer: { state: 'idle' } });
    expect(timer.body).toMatchObject({ status: 409 });
    expect(late).toMatchObject({ type: 'error', code: 'event-not-ongoing', pollId });
    expect(counted.body.polls).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: pollId, totalVotes: 0 })]),
    );
  });

  it('forgets a connection once it went away', async () => {
    const leaving = await follow();
    leaving.close();
    await leaving.whenClosed();

    await vi.waitFor(async () => {
      const followers = await product.product.repositories.connections.subscribers(eventId);
      expect(followers.length).toBe(clients.filter((client) => client.closed === undefined).length);
    });
  });
});
