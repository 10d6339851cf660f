import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '@ltc/data';

import { brokenInvariants, readEventPartition } from '../support/invariants.js';
import type { StartedProcess } from '../support/start-process.js';

/** How long and how hard the load runs. */
export interface LoadOptions {
  /** Concurrent clients, each sending one request at a time. */
  readonly clients: number;
  /** How long the clients keep sending, in ms. */
  readonly durationMs: number;
  /** A bound on the number of requests, whatever the duration. */
  readonly maxRequests: number;
  /** Events the clients spread over; small ones, so seats and the talk limit run out. */
  readonly events?: number;
  /** Onsite seats of each event. @default 8 */
  readonly capacity?: number;
  /** Talk limit of each event. @default 3 */
  readonly talkLimit?: number;
  /** People (distinct e-mail addresses) per event, so some register twice. @default 40 */
  readonly people?: number;
  /** Called once, `atMs` after the load starts, e.g. to stop the database. */
  readonly during?: {
    readonly atMs: number;
    readonly run: () => Promise<void>;
    /** The load goes on at least this long after `run` ends, to see the recovery. @default 0 */
    readonly thenMs?: number;
  };
}

/** What one load run did, and what it found in the table afterwards. */
export interface LoadReport {
  readonly durationMs: number;
  readonly requests: number;
  readonly byStatus: Readonly<Record<string, number>>;
  /** Requests that got no HTTP answer at all (connection refused, reset). */
  readonly networkErrors: number;
  /** Answers of 5xx, with when they came (ms since the start). */
  readonly serverErrors: readonly { readonly status: number; readonly atMs: number }[];
  /** 503 answers without a Retry-After header. */
  readonly unavailableWithoutRetryAfter: number;
  readonly acknowledged: {
    readonly registrations: number;
    readonly cancellations: number;
    readonly talks: number;
    readonly reviews: number;
  };
  readonly brokenInvariants: readonly string[];
  readonly missingWrites: readonly string[];
  /** Every answer, with when it came (ms since the start). */
  readonly answers: readonly { readonly atMs: number; readonly status: number }[];
  /** When the load started (ms since the epoch), the zero of every `atMs`. */
  readonly startedAt: number;
}

interface Registered {
  readonly eventId: string;
  readonly id: string;
  readonly token: string;
  readonly status: string;
  readonly at: string;
}

/** The demo organizer's password, from the lines `npm start` prints. */
export function demoPassword(product: StartedProcess): string {
  const password = /user "organizer", password "([^"]+)"/.exec(product.output())?.[1];
  if (password === undefined) throw new Error('no demo organizer password in the start output');
  return password;
}

/** The DynamoDB Local endpoint the product printed at start. */
export function dynamoDbEndpoint(product: StartedProcess): string {
  const endpoint = /DynamoDB Local at (http:\/\/127\.0\.0\.1:\d+)/.exec(product.output())?.[1];
  if (endpoint === undefined) throw new Error('no DynamoDB Local endpoint in the start output');
  return endpoint;
}

/** Where the load goes: the product over HTTP, or the API app in-process. */
export interface LoadTarget {
  /** Sends one request; `path` starts with `/api`. Rejects when no answer came at all. */
  send(path: string, init: RequestInit): Promise<Response>;
  readonly organizerToken: string;
  /** The table the product uses, read afterwards for the invariants. */
  readonly store: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Stops what the target opened (its database client). */
  close(): void;
}

/** The product started as `npm start` does, reached over loopback HTTP. */
export async function productTarget(product: StartedProcess): Promise<LoadTarget> {
  const response = await fetch(`${product.url}/local-auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'organizer', password: demoPassword(product) }),
  });
  if (response.status !== 200) throw new Error(`signing in answered ${response.status}`);
  const { accessToken } = (await response.json()) as { accessToken: string };
  // Few retries: after a fault the check should see the table, not wait on it.
  const store = createDocumentClient({
    endpoint: dynamoDbEndpoint(product),
    clientConfig: { maxAttempts: 10 },
  });
  return {
    send: (path, init) => fetch(`${product.url}${path}`, init),
    organizerToken: accessToken,
    store,
    tableName: 'ltc-local-main',
    close: () => {
      store.destroy();
    },
  };
}

/**
 * Many concurrent clients register, cancel, submit talks, and (as the organizer) accept or
 * reject them, for a fixed time against a running product, over loopback. Afterwards the design's
 * invariants are checked against the table itself, and every write that was acknowledged with a
 * 2xx must be in it. Votes travel over the WebSocket, not this HTTP run: their invariant (one
 * vote per voter and poll) is tested in `tests/integration/realtime.test.ts`, their speed by
 * `npm run bench:live`.
 */
export async function runLoad(target: LoadTarget, options: LoadOptions): Promise<LoadReport> {
  const token = target.organizerToken;
  const eventIds: string[] = [];
  for (let n = 0; n < (options.events ?? 2); n++) {
    eventIds.push(await createEvent(target, options, n));
  }

  const byStatus: Record<string, number> = {};
  const serverErrors: { status: number; atMs: number }[] = [];
  const registered: Registered[] = [];
  /** Cancellations answered 200, with when the answer came. */
  const cancelled = new Map<string, string>();
  const talks: { eventId: string; id: string }[] = [];
  const reviews: { eventId: string; id: string; decision: string }[] = [];
  const answers: { atMs: number; status: number }[] = [];
  let requests = 0;
  let networkErrors = 0;
  let unavailableWithoutRetryAfter = 0;
  const started = Date.now();
  const deadline = started + options.durationMs;
  // However long a fault takes, the load stops a minute after its planned end.
  const hardDeadline = deadline + 60_000;
  let duringEnds = options.during === undefined ? 0 : Number.POSITIVE_INFINITY;
  const goingOn = () => {
    const now = Date.now();
    return (
      now < hardDeadline && (now < deadline || now < duringEnds) && requests < options.maxRequests
    );
  };
  const people = options.people ?? 40;

  const send = async (
    path: string,
    init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  ): Promise<Response | undefined> => {
    requests++;
    try {
      const response = await target.send(path, {
        ...init,
        headers: { 'content-type': 'application/json', ...init.headers },
        signal: AbortSignal.timeout(15_000),
      });
      byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
      answers.push({ atMs: Date.now() - started, status: response.status });
      if (response.status >= 500)
        serverErrors.push({ status: response.status, atMs: Date.now() - started });
      if (response.status === 503 && response.headers.get('retry-after') === null)
        unavailableWithoutRetryAfter++;
      return response;
    } catch {
      networkErrors++;
      return undefined;
    }
  };

  const readEvent = async (eventId: string) => {
    const response = await send(`/api/events/${eventId}`);
    await response?.arrayBuffer();
  };

  const client = async (clientIndex: number) => {
    for (let turn = 0; goingOn(); turn++) {
      const eventId = eventIds[(clientIndex + turn) % eventIds.length] ?? '';
      const roll = Math.random();
      if (roll < 0.45) {
        const person = Math.floor(Math.random() * people);
        const response = await send(`/api/events/${eventId}/registrations`, {
          method: 'POST',
          body: JSON.stringify({
            name: `Load ${person}`,
            email: `load-${person}@example.com`,
            attendance: Math.random() < 0.8 ? 'onsite' : 'online',
          }),
        });
        if (response?.status === 201) {
          const body = (await response.json()) as {
            registration: { id: string; status: string };
            manageToken: string;
          };
          registered.push({
            eventId,
            id: body.registration.id,
            token: body.manageToken,
            status: body.registration.status,
            at: new Date().toISOString(),
          });
        } else await response?.arrayBuffer();
      } else if (roll < 0.7) {
        const live = registered.filter((r) => r.eventId === eventId && !cancelled.has(r.id));
        const chosen = live[Math.floor(Math.random() * live.length)];
        if (chosen === undefined) {
          await readEvent(eventId);
          continue;
        }
        const response = await send(`/api/events/${eventId}/registrations/${chosen.id}/cancel`, {
          method: 'POST',
          headers: { 'x-manage-token': chosen.token },
        });
        await response?.arrayBuffer();
        if (response?.status === 200 && !cancelled.has(chosen.id)) {
          cancelled.set(chosen.id, new Date().toISOString());
        }
      } else if (roll < 0.85) {
        const n = Math.floor(Math.random() * 1_000_000);
        const response = await send(`/api/events/${eventId}/talks`, {
          method: 'POST',
          body: JSON.stringify({
            title: `Load talk ${n}`,
            abstract: 'Sent by the load run.',
            category: 'tech',
            speakerName: `Speaker ${n}`,
            speakerEmail: `speaker-${n}@example.com`,
          }),
        });
        if (response?.status === 201) {
          const body = (await response.json()) as { talk: { id: string } };
          talks.push({ eventId, id: body.talk.id });
        } else await response?.arrayBuffer();
      } else if (roll < 0.95) {
        const mine = talks.filter((t) => t.eventId === eventId);
        const chosen = mine[Math.floor(Math.random() * mine.length)];
        if (chosen === undefined) {
          await readEvent(eventId);
          continue;
        }
        const decision = Math.random() < 0.7 ? 'accepted' : 'rejected';
        const response = await send(`/api/events/${eventId}/talks/${chosen.id}/review`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
          body: JSON.stringify({ decision }),
        });
        await response?.arrayBuffer();
        if (response?.status === 200) reviews.push({ eventId, id: chosen.id, decision });
      } else {
        await readEvent(eventId);
      }
    }
  };

  const during =
    options.during === undefined
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          const during = options.during;
          setTimeout(() => {
            void during?.run().then(() => {
              duringEnds = Date.now() + (during.thenMs ?? 0);
              resolve();
            }, reject);
          }, during?.atMs ?? 0);
        });
  await Promise.all([...Array.from({ length: options.clients }, (_, n) => client(n)), during]);
  const durationMs = Date.now() - started;

  const broken: string[] = [];
  const missingWrites: string[] = [];
  for (const eventId of eventIds) {
    const partition = await readEventPartition(target.store, target.tableName, eventId);
    broken.push(
      ...brokenInvariants(partition, {
        waitlistedAt: registered
          .filter((r) => r.eventId === eventId && r.status === 'waitlisted')
          .map((r) => ({ id: r.id, at: r.at })),
        confirmedAt: registered
          .filter((r) => r.eventId === eventId && r.status === 'confirmed')
          .map((r) => ({ id: r.id, at: r.at })),
        cancelledAt: [...cancelled].map(([id, at]) => ({ id, at })),
      }),
    );
    const stored = new Map(partition.registrations.map((r) => [String(r.id), r]));
    for (const r of registered.filter((r) => r.eventId === eventId)) {
      const item = stored.get(r.id);
      if (item === undefined)
        missingWrites.push(`registration ${r.id} was acknowledged but is not stored`);
      else if (cancelled.has(r.id) && item.status !== 'cancelled') {
        missingWrites.push(
          `the cancellation of ${r.id} was acknowledged but it is ${String(item.status)}`,
        );
      }
    }
    const storedTalks = new Set(partition.talks.map((t) => String(t.id)));
    for (const t of talks.filter((t) => t.eventId === eventId)) {
      if (!storedTalks.has(t.id))
        missingWrites.push(`talk ${t.id} was acknowledged but is not stored`);
    }
  }

  return {
    startedAt: started,
    durationMs,
    answers,
    requests,
    byStatus,
    networkErrors,
    serverErrors,
    unavailableWithoutRetryAfter,
    acknowledged: {
      registrations: registered.length,
      cancellations: cancelled.size,
      talks: talks.length,
      reviews: reviews.length,
    },
    brokenInvariants: broken,
    missingWrites,
  };
}

async function createEvent(target: LoadTarget, options: LoadOptions, n: number): Promise<string> {
  const startsAt = new Date(Date.now() + (20 + n) * 24 * 3600 * 1000);
  const response = await target.send('/api/events', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${target.organizerToken}`,
    },
    body: JSON.stringify({
      title: `Load night ${n}`,
      description: 'An event of the load run.',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3600 * 1000).toISOString(),
      format: 'hybrid',
      venue: { name: 'Load hall' },
      onsiteCapacity: options.capacity ?? 8,
      onlineUrl: 'https://meet.example.com/load',
      talkLimit: options.talkLimit ?? 3,
    }),
  });
  if (response.status !== 201) {
    throw new Error(`creating a load event answered ${response.status}: ${await response.text()}`);
  }
  return ((await response.json()) as { id: string }).id;
}

/** The report as lines for people; the same lines whether the run passed or not. */
export function describeReport(report: LoadReport, faultWindows = false): string[] {
  const statuses = Object.entries(report.byStatus)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
  return [
    `requests: ${report.requests} in ${(report.durationMs / 1000).toFixed(1)} s (${Math.round(report.requests / (report.durationMs / 1000))}/s)`,
    `answers by status: ${statuses}`,
    `no answer (connection errors): ${report.networkErrors}`,
    `5xx answers${faultWindows ? ', fault included' : ''}: ${report.serverErrors.length}`,
    `acknowledged writes: ${report.acknowledged.registrations} registrations, ${report.acknowledged.cancellations} cancellations, ${report.acknowledged.talks} talks, ${report.acknowledged.reviews} reviews`,
    `broken invariants: ${report.brokenInvariants.length}${report.brokenInvariants.map((line) => `\n  - ${line}`).join('')}`,
    `acknowledged writes missing from the table: ${report.missingWrites.length}${report.missingWrites
      .slice(0, 10)
      .map((line) => `\n  - ${line}`)
      .join('')}`,
    'not exercised here: live votes (WebSocket; see tests/integration/realtime.test.ts and npm run bench:live)',
  ];
}
