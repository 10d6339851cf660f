import { beforeAll, describe, expect, it } from 'vitest';

import { aTalk, anEvent } from '../support/fixtures.js';
import { createTestApi, readJson, type TestApi } from '../support/api.js';

interface TalkBody {
  id: string;
  eventId: string;
  title: string;
  abstract: string;
  category: string;
  speakerName: string;
  speakerEmail: string;
  slideUrl?: string;
  status: 'pending' | 'accepted' | 'rejected' | 'withdrawn';
  runningOrder?: number;
}

interface NewTalkBody {
  talk: TalkBody;
  manageToken: string;
}

interface EventDetailBody {
  id: string;
  acceptedTalkCount: number;
  talkLimit: number;
  talks: { id: string; title: string; runningOrder?: number }[];
}

let api: TestApi;
let nextSpeaker = 0;

beforeAll(async () => {
  api = await createTestApi();
});

function createEvent(overrides: Parameters<typeof anEvent>[0] = {}) {
  return api.createEvent<{ id: string }>(overrides);
}

function submit(eventId: string, input: unknown) {
  return api.request(`/api/events/${eventId}/talks`, { method: 'POST', json: input });
}

/** Submits a new talk by a new speaker and expects it to succeed. */
async function submitted(eventId: string, overrides: Parameters<typeof aTalk>[1] = {}) {
  nextSpeaker += 1;
  const response = await submit(eventId, aTalk(nextSpeaker, overrides));
  expect(response.status).toBe(201);
  return readJson<NewTalkBody>(response);
}

function manage(
  { talk, manageToken }: NewTalkBody,
  init: { method?: string; json?: unknown; token?: string; action?: string } = {},
) {
  const path = `/api/events/${talk.eventId}/talks/${talk.id}`;
  return api.request(init.action === undefined ? path : `${path}/${init.action}`, {
    method: init.method ?? 'GET',
    manageToken: init.token ?? manageToken,
    ...(init.json === undefined ? {} : { json: init.json }),
  });
}

function review({ talk }: NewTalkBody, decision: 'accepted' | 'rejected') {
  return api.request(`/api/events/${talk.eventId}/talks/${talk.id}/review`, {
    method: 'POST',
    asOrganizer: true,
    json: { decision },
  });
}

async function reviewed(entry: NewTalkBody, decision: 'accepted' | 'rejected') {
  const response = await review(entry, decision);
  expect(response.status).toBe(200);
  return readJson<TalkBody>(response);
}

function setRunningOrder(eventId: string, talkIds: string[]) {
  return api.request(`/api/events/${eventId}/running-order`, {
    method: 'PUT',
    asOrganizer: true,
    json: { talkIds },
  });
}

async function publicEvent(eventId: string) {
  const response = await api.request(`/api/events/${eventId}`);
  expect(response.status).toBe(200);
  return readJson<EventDetailBody>(response);
}

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const body = await readJson<{ status: number; code: string; errors?: { field: string }[] }>(
    response,
  );
  expect(body).toMatchObject({ status, code });
  return body;
}

describe('submitting a talk', () => {
  it('takes a submission as pending and hands out a private link', async () => {
    const event = await createEvent();

    const response = await submit(
      event.id,
      aTalk(1, { category: 'pet', slideUrl: 'https://slides.example.com/neko' }),
    );

    expect(response.status).toBe(201);
    const body = await readJson<NewTalkBody>(response);
    expect(body.talk).toMatchObject({
      eventId: event.id,
      title: 'トーク 1: 趣味の話',
      category: 'pet',
      speakerEmail: 'speaker1@example.com',
      slideUrl: 'https://slides.example.com/neko',
      status: 'pending',
    });
    expect(body.manageToken.length).toBeGreaterThanOrEqual(32);
    expect((await publicEvent(event.id)).talks).toEqual([]);
  });

  it('refuses submissions once the organizer closes submission', async () => {
    const event = await createEvent();
    const closed = await api.request(`/api/events/${event.id}`, {
      method: 'PATCH',
      asOrganizer: true,
      json: { talkSubmissionOpen: false },
    });
    expect(closed.status).toBe(200);

    const response = await submit(event.id, aTalk(2));

    await expectProblem(response, 409, 'submission-closed');
    const list = await api.request(`/api/events/${event.id}/talks`, { asOrganizer: true });
    expect(await readJson(list)).toEqual({ items: [] });
  });

  it('answers 404 for an event that does not exist', async () => {
    await expectProblem(await submit('01NOSUCHEVENT00000000000000', aTalk(3)), 404, 'not-found');
  });
});

describe("the speaker's private link", () => {
  it('shows the talk to whoever holds its token', async () => {
    const event = await createEvent();
    const entry = await submitted(event.id);

    const response = await manage(entry);

    expect(response.status).toBe(200);
    expect(await readJson(response)).toEqual(entry.talk);
  });

  it('lets the speaker edit the talk, and slideUrl null removes the slide link', async () => {
    const event = await createEvent();
    const entry = await submitted(event.id, { slideUrl: 'https://slides.example.com/old' });

    const edited = await manage(entry, {
      method: 'PATCH',
      json: { title: '新しいタイトル 🎤', category: 'food', slideUrl: null },
    });

    expect(edited.status).toBe(200);
    const body = await readJson<TalkBody>(edited);
    expect(body).toMatchObject({
      id: entry.talk.id,
      title: '新しいタイトル 🎤',
      category: 'food',
      abstract: entry.talk.abstract,
      status: 'pending',
    });
    expect(body).not.toHaveProperty('slideUrl');
    const reread = await readJson<TalkBody>(await manage(entry));
    expect(reread).toMatchObject({ title: '新しいタイトル 🎤', category: 'food' });
    expect(reread).not.toHaveProperty('slideUrl');
  });

  it('withdraws the talk, and a second withdrawal answers the same', async () => {
    const event = await createEvent();
    const entry = await submitted(event.id);

    const first = await manage(entry, { method: 'POST', action: 'withdraw' });
    const second = await manage(entry, { method: 'POST', action: 'withdraw' });

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const firstBody = await readJson<TalkBody>(first);
    expect(firstBody.status).toBe('withdrawn');
    expect(await readJson(second)).toEqual(firstBody);
  });

  it("refuses another talk's token with 403 and changes nothing", async () => {
    const event = await createEvent();
    const mine = await submitted(event.id);
    const theirs = await submitted(event.id);

    const read = await manage(mine, { token: theirs.manageToken });
    const edit = await manage(mine, {
      method: 'PATCH',
      token: theirs.manageToken,
      json: { title: '乗っ取り' },
    });
    const withdraw = await manage(mine, {
      method: 'POST',
      action: 'withdraw',
      token: theirs.manageToken,
    });

    await expectProblem(read, 403, 'forbidden');
    await expectProblem(edit, 403, 'forbidden');
    await expectProblem(withdraw, 403, 'forbidden');
    expect(await readJson(await manage(mine))).toEqual(mine.talk);
  });
});

describe("the organizer's review", () => {
  it('accepts and rejects talks, counting the accepted ones', async () => {
    const event = await createEvent();
    const good = await submitted(event.id);
    const other = await submitted(event.id);

    const accepted = await reviewed(good, 'accepted');
    const rejected = await reviewed(other, 'rejected');

    expect(accepted).toMatchObject({ id: good.talk.id, status: 'accepted' });
    expect(rejected).toMatchObject({ id: other.talk.id, status: 'rejected' });
    expect(await publicEvent(event.id)).toMatchObject({
      acceptedTalkCount: 1,
      talks: [{ id: good.talk.id }],
    });
  });

  it('refuses to accept beyond the talk limit, and rejecting an accepted talk frees a slot', async () => {
    const event = await createEvent({ talkLimit: 2 });
    const first = await submitted(event.id);
    const second = await submitted(event.id);
    const third = await submitted(event.id);
    await reviewed(first, 'accepted');
    await reviewed(second, 'accepted');

    const beyond = await review(third, 'accepted');

    await expectProblem(beyond, 409, 'talk-limit-reached');
    expect(await publicEvent(event.id)).toMatchObject({ acceptedTalkCount: 2, talkLimit: 2 });
    expect(await readJson(await manage(third))).toMatchObject({ status: 'pending' });

    await reviewed(first, 'rejected');
    const now = await reviewed(third, 'accepted');

    expect(now.status).toBe('accepted');
    const detail = await publicEvent(event.id);
    expect(detail.acceptedTalkCount).toBe(2);
    expect(detail.talks.map((talk) => talk.id).sort()).toEqual(
      [second.talk.id, third.talk.id].sort(),
    );
  });

  it('frees the slot of an accepted talk its speaker withdraws', async () => {
    const event = await createEvent({ talkLimit: 1 });
    const accepted = await submitted(event.id);
    const waiting = await submitted(event.id);
    await reviewed(accepted, 'accepted');

    const withdrawn = await manage(accepted, { method: 'POST', action: 'withdraw' });

    expect(withdrawn.status).toBe(200);
    expect(await publicEvent(event.id)).toMatchObject({ acceptedTalkCount: 0, talks: [] });
    expect((await reviewed(waiting, 'accepted')).status).toBe('accepted');
  });
});

describe('the running order', () => {
  it('shows accepted talks on the public page in running order, which the organizer can change', async () => {
    const event = await createEvent();
    const a = await submitted(event.id, { title: 'A' });
    const b = await submitted(event.id, { title: 'B' });
    const c = await submitted(event.id, { title: 'C' });
    const pending = await submitted(event.id, { title: 'まだ審査中' });
    for (const talk of [a, b, c]) await reviewed(talk, 'accepted');

    const before = await publicEvent(event.id);
    const reordered = await setRunningOrder(event.id, [c.talk.id, a.talk.id, b.talk.id]);
    const after = await publicEvent(event.id);

    expect(before.talks.map((talk) => talk.title)).toEqual(['A', 'B', 'C']);
    expect(reordered.status).toBe(200);
    const updated = await readJson<{ items: TalkBody[] }>(reordered);
    expect(
      updated.items
        .filter((talk) => talk.status === 'accepted')
        .sort((a, b) => (a.runningOrder ?? 0) - (b.runningOrder ?? 0))
        .map((talk) => talk.title),
    ).toEqual(['C', 'A', 'B']);
    expect(after.talks.map((talk) => [talk.title, talk.runningOrder])).toEqual([
      ['C', 1],
      ['A', 2],
      ['B', 3],
    ]);
    expect(after.talks.map((talk) => talk.id)).not.toContain(pending.talk.id);
  });

  it('refuses a running order that leaves out an accepted talk or names a pending one', async () => {
    const event = await createEvent();
    const first = await submitted(event.id, { title: '一番' });
    const second = await submitted(event.id, { title: '二番' });
    const pending = await submitted(event.id, { title: '保留' });
    await reviewed(first, 'accepted');
    await reviewed(second, 'accepted');
    const ordered = await setRunningOrder(event.id, [second.talk.id, first.talk.id]);
    expect(ordered.status).toBe(200);

    const leftOut = await setRunningOrder(event.id, [first.talk.id]);
    const withPending = await setRunningOrder(event.id, [
      first.talk.id,
      second.talk.id,
      pending.talk.id,
    ]);
    const swappedForPending = await setRunningOrder(event.id, [first.talk.id, pending.talk.id]);

    for (const response of [leftOut, withPending, swappedForPending]) {
      const body = await expectProblem(response, 422, 'running-order-mismatch');
      expect(body.errors).toEqual([expect.objectContaining({ field: 'talkIds' })]);
    }
    expect((await publicEvent(event.id)).talks.map((talk) => talk.title)).toEqual(['二番', '一番']);
  });
});

describe('privacy of the public event page', () => {
  it('shows no speaker e-mail address and no manage token', async () => {
    const event = await createEvent();
    const entry = await submitted(event.id, { speakerEmail: 'Hidden.Speaker@example.com' });
    await reviewed(entry, 'accepted');

    const response = await api.request(`/api/events/${event.id}`);

    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain(entry.talk.id);
    expect(text).toContain(entry.talk.speakerName);
    expect(text.toLowerCase()).not.toContain('hidden.speaker@example.com');
    expect(text).not.toContain(entry.manageToken);
    expect(text).not.toMatch(/speakerEmail|manageToken/);
  });
});

describe('a completed event', () => {
  it('keeps its talks as they are: the speaker can neither edit nor withdraw them', async () => {
    const event = await createEvent();
    const entry = await submitted(event.id);
    await reviewed(entry, 'accepted');
    for (const status of ['ongoing', 'completed']) {
      await api.request(`/api/events/${event.id}/status`, {
        method: 'POST',
        asOrganizer: true,
        json: { status },
      });
    }

    const edit = await manage(entry, { method: 'PATCH', json: { title: 'changed afterwards' } });
    const withdraw = await manage(entry, { method: 'POST', action: 'withdraw' });

    await expectProblem(edit, 409, 'event-closed');
    await expectProblem(withdraw, 409, 'event-closed');
    expect((await publicEvent(event.id)).talks).toHaveLength(1);
  });
});
