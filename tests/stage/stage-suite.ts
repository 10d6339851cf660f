import { randomBytes } from 'node:crypto';

import { z } from 'zod';

import { expectStatus, StageClient } from './http.js';
import { LiveUpdatesClient } from './live-updates.js';

/** How the suite may act as an organizer: a bearer token, or the local sign-in of `npm start`. */
export type OrganizerCredentials =
  | { readonly kind: 'token'; readonly accessToken: string }
  | { readonly kind: 'local-sign-in'; readonly username: string; readonly password: string };

export interface StageSuiteOptions {
  /** The stage's site, such as `https://dev.xn--6wym69a.com` or `http://localhost:3000`. */
  readonly baseUrl: URL;
  /** The live updates (WebSocket) of the stage; their checks are skipped without it. */
  readonly webSocketUrl?: URL;
  /** Only reads: nothing is registered, submitted or created (what prod allows). */
  readonly readOnly: boolean;
  /** With these, the suite creates its own test event; without, it uses an open one. */
  readonly organizer?: OrganizerCredentials;
  /** @default 15 000 */
  readonly timeoutMs?: number;
}

/** The result of one check. */
export interface CheckResult {
  readonly name: string;
  readonly outcome: 'passed' | 'failed' | 'skipped';
  readonly detail: string;
}

/** The title every event the suite creates starts with, so that people can tell them apart. */
export const TEST_EVENT_MARK = '[stage test]';

const eventSummary = z.object({
  id: z.string(),
  title: z.string(),
  format: z.enum(['onsite', 'online', 'hybrid']),
  status: z.string(),
  registrationOpen: z.boolean(),
  talkSubmissionOpen: z.boolean(),
});
type EventSummary = z.infer<typeof eventSummary>;
const eventPage = z.object({ items: z.array(eventSummary) });
const registered = z.object({
  registration: z.object({ id: z.string(), status: z.string() }),
  manageToken: z.string().min(1),
});
const submitted = z.object({
  talk: z.object({ id: z.string(), status: z.string() }),
  manageToken: z.string().min(1),
});
const withStatus = z.object({ id: z.string(), status: z.string() });

/**
 * The stage test suite: the core flows of the product used from the outside, over HTTP and
 * WebSocket, against any stage. Reads: health, the web app, the event lists, an event page.
 * Writes (unless read-only): a registration viewed through its private link and cancelled, a
 * talk submitted and withdrawn, and, with organizer credentials, its own test event, marked in
 * its title and cancelled at the end. Whatever it creates it removes, even after a failure.
 * `report` hears each check as it ends.
 */
export async function runStageSuite(
  options: StageSuiteOptions,
  report: (result: CheckResult) => void = () => undefined,
): Promise<CheckResult[]> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const http = new StageClient(options.baseUrl, timeoutMs);
  const results: CheckResult[] = [];
  const record = (result: CheckResult) => {
    results.push(result);
    report(result);
  };
  const check = async <T>(
    name: string,
    run: () => Promise<[T, string]>,
  ): Promise<T | undefined> => {
    try {
      const [value, detail] = await run();
      record({ name, outcome: 'passed', detail });
      return value;
    } catch (error) {
      record({
        name,
        outcome: 'failed',
        detail: describeError(error),
      });
      return undefined;
    }
  };
  const skip = (name: string, reason: string) => {
    record({ name, outcome: 'skipped', detail: reason });
  };

  await check('health', async () => {
    const answer = await http.send('GET', 'api/health');
    expectStatus(answer, 200, 'GET /api/health');
    if ((answer.json as { status?: unknown } | undefined)?.status !== 'ok') {
      throw new Error(`GET /api/health said ${answer.text.slice(0, 100)}`);
    }
    return [undefined, 'GET /api/health: ok'];
  });
  await check('web app', async () => {
    const answer = await http.send('GET', '');
    expectStatus(answer, 200, 'GET /');
    if (!answer.contentType.includes('text/html') || !answer.text.includes('<div id="root">')) {
      throw new Error(`GET / answered ${answer.contentType} without the app's root element`);
    }
    return [undefined, 'GET /: the web app'];
  });
  const upcoming = await check('upcoming events', () => listEvents(http, 'upcoming'));
  const past = await check('past events', () => listEvents(http, 'past'));

  const shown = upcoming?.[0] ?? past?.[0];
  if (shown === undefined) {
    skip('event page', 'the stage lists no event');
  } else {
    await check('event page', async () => {
      const api = await http.send('GET', `api/events/${shown.id}`);
      expectStatus(api, 200, `GET /api/events/${shown.id}`);
      const page = await http.send('GET', `events/${shown.id}`);
      expectStatus(page, 200, `GET /events/${shown.id}`);
      if (!page.contentType.includes('text/html')) {
        throw new Error(`GET /events/${shown.id} answered ${page.contentType}, not the web app`);
      }
      return [undefined, `GET /api/events/${shown.id} and its page`];
    });
  }

  if (options.webSocketUrl === undefined) {
    skip('live updates', 'no --ws-url given');
  } else {
    const url = options.webSocketUrl;
    await check('live updates', () => checkLiveUpdates(url, shown?.id, timeoutMs));
  }

  if (options.readOnly) {
    skip('registration', 'read-only run');
    skip('talk submission', 'read-only run');
    return results;
  }

  const organizer = options.organizer;
  let token: string | undefined;
  let testEvent: EventSummary | undefined;
  try {
    if (organizer !== undefined) {
      testEvent = await check('test event', async () => {
        token = await organizerToken(http, organizer);
        const created = await createTestEvent(http, token);
        return [created, `created ${created.id} "${created.title}"`];
      });
    }
    const open = (wanted: (event: EventSummary) => boolean) =>
      testEvent ?? upcoming?.find((event) => event.status === 'upcoming' && wanted(event));

    const forRegistration = open((event) => event.registrationOpen);
    if (forRegistration === undefined) {
      skip(
        'registration',
        'no upcoming event takes registrations, and no organizer credentials to create one',
      );
    } else {
      await check('registration', () => registrationFlow(http, forRegistration));
    }
    const forTalks = open((event) => event.talkSubmissionOpen);
    if (forTalks === undefined) {
      skip(
        'talk submission',
        'no upcoming event takes talks, and no organizer credentials to create one',
      );
    } else {
      await check('talk submission', () => talkFlow(http, forTalks));
    }
  } finally {
    if (testEvent !== undefined && token !== undefined) {
      const event = testEvent;
      const bearer = token;
      await check('test event removed', async () => {
        const answer = await http.send('POST', `api/events/${event.id}/status`, {
          body: { status: 'cancelled' },
          headers: { authorization: `Bearer ${bearer}` },
        });
        expectStatus(answer, 200, `cancelling the test event ${event.id}`);
        return [undefined, `test event ${event.id} cancelled`];
      });
    }
  }
  return results;
}

async function listEvents(
  http: StageClient,
  when: 'upcoming' | 'past',
): Promise<[EventSummary[], string]> {
  const answer = await http.send('GET', `api/events?when=${when}`);
  expectStatus(answer, 200, `GET /api/events?when=${when}`);
  const page = eventPage.parse(answer.json);
  return [
    page.items,
    `GET /api/events?when=${when}: ${String(page.items.length)} on the first page`,
  ];
}

async function organizerToken(http: StageClient, organizer: OrganizerCredentials): Promise<string> {
  if (organizer.kind === 'token') return organizer.accessToken;
  const answer = await http.send('POST', 'local-auth/sign-in', {
    body: { username: organizer.username, password: organizer.password },
  });
  expectStatus(answer, 200, 'the local sign-in');
  return z.object({ accessToken: z.string() }).parse(answer.json).accessToken;
}

async function createTestEvent(http: StageClient, token: string): Promise<EventSummary> {
  const startsAt = new Date(Date.now() + 60 * 24 * 3600 * 1000);
  startsAt.setUTCHours(10, 0, 0, 0);
  const endsAt = new Date(startsAt.getTime() + 2 * 3600 * 1000);
  const answer = await http.send('POST', 'api/events', {
    headers: { authorization: `Bearer ${token}` },
    body: {
      title: `${TEST_EVENT_MARK} ${new Date().toISOString()} (safe to ignore)`,
      description:
        'Created by the stage test suite (npm run test:stage), and cancelled as soon as it ends.',
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      format: 'online',
      onlineUrl: 'https://example.com/stage-test',
    },
  });
  expectStatus(answer, 201, 'creating the test event');
  return eventSummary.parse(answer.json);
}

async function registrationFlow(
  http: StageClient,
  event: EventSummary,
): Promise<[undefined, string]> {
  const base = `api/events/${event.id}/registrations`;
  const answer = await http.send('POST', base, {
    body: {
      name: 'ステージ テスト',
      email: `stage-test+${randomBytes(6).toString('hex')}@example.com`,
      attendance: event.format === 'onsite' ? 'onsite' : 'online',
    },
  });
  expectStatus(answer, 201, `registering for ${event.id}`);
  const { registration, manageToken } = registered.parse(answer.json);
  const link = { 'x-manage-token': manageToken };
  let cancelled = false;
  try {
    const viewed = await http.send('GET', `${base}/${registration.id}`, { headers: link });
    expectStatus(viewed, 200, 'viewing the registration through its private link');
    const withoutToken = await http.send('GET', `${base}/${registration.id}`);
    if (withoutToken.status < 400 || withoutToken.status >= 500) {
      throw new Error(
        `viewing a registration without its token answered ${String(withoutToken.status)}`,
      );
    }
    const cancel = await http.send('POST', `${base}/${registration.id}/cancel`, { headers: link });
    expectStatus(cancel, 200, 'cancelling the registration');
    cancelled = true;
    if (withStatus.parse(cancel.json).status !== 'cancelled') {
      throw new Error(`the cancelled registration reads ${cancel.text.slice(0, 100)}`);
    }
  } finally {
    if (!cancelled) {
      await http
        .send('POST', `${base}/${registration.id}/cancel`, { headers: link })
        .catch(() => undefined);
    }
  }
  return [
    undefined,
    `registered for ${event.id} (${registration.status}), viewed through the private link, cancelled`,
  ];
}

async function talkFlow(http: StageClient, event: EventSummary): Promise<[undefined, string]> {
  const base = `api/events/${event.id}/talks`;
  const answer = await http.send('POST', base, {
    body: {
      title: `${TEST_EVENT_MARK} 5分でわかるステージテスト`,
      abstract: 'Submitted by the stage test suite and withdrawn at once.',
      category: 'other',
      speakerName: 'ステージ テスト',
      speakerEmail: `stage-test+${randomBytes(6).toString('hex')}@example.com`,
    },
  });
  expectStatus(answer, 201, `submitting a talk to ${event.id}`);
  const { talk, manageToken } = submitted.parse(answer.json);
  const link = { 'x-manage-token': manageToken };
  let withdrawn = false;
  try {
    const viewed = await http.send('GET', `${base}/${talk.id}`, { headers: link });
    expectStatus(viewed, 200, 'viewing the talk through its private link');
    const withdraw = await http.send('POST', `${base}/${talk.id}/withdraw`, { headers: link });
    expectStatus(withdraw, 200, 'withdrawing the talk');
    withdrawn = true;
    if (withStatus.parse(withdraw.json).status !== 'withdrawn') {
      throw new Error(`the withdrawn talk reads ${withdraw.text.slice(0, 100)}`);
    }
  } finally {
    if (!withdrawn) {
      await http
        .send('POST', `${base}/${talk.id}/withdraw`, { headers: link })
        .catch(() => undefined);
    }
  }
  return [
    undefined,
    `submitted a talk to ${event.id}, viewed it through the private link, withdrew it`,
  ];
}

async function checkLiveUpdates(
  url: URL,
  eventId: string | undefined,
  timeoutMs: number,
): Promise<[undefined, string]> {
  const client = await LiveUpdatesClient.connect(url, timeoutMs);
  try {
    const said: string[] = [];
    if (eventId !== undefined) {
      const subscribed = await client.request({ type: 'subscribe', eventId });
      const answer = subscribed as {
        type?: unknown;
        eventId?: unknown;
        live?: { eventId?: unknown };
      };
      if (
        answer.type !== 'subscribed' ||
        answer.eventId !== eventId ||
        answer.live?.eventId !== eventId
      ) {
        throw new Error(`subscribing to ${eventId} was answered ${JSON.stringify(subscribed)}`);
      }
      said.push(`subscribed to ${eventId}`);
    }
    const pong = await client.request({ type: 'heartbeat' });
    if ((pong as { type?: unknown }).type !== 'pong') {
      throw new Error(`a heartbeat was answered ${JSON.stringify(pong)}`);
    }
    const refused = await client.request('not json');
    if ((refused as { type?: unknown }).type !== 'error') {
      throw new Error(`a malformed message was answered ${JSON.stringify(refused)}`);
    }
    said.push('heartbeat answered', 'a malformed message refused');
    return [undefined, said.join(', ')];
  } finally {
    await client.close();
  }
}

/** An error in one line, with its cause when it has one (fetch hides the network error there). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`.replace(/\s+/g, ' ');
}
