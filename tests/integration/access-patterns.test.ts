import { readFileSync } from 'node:fs';

import type { Repositories } from '@ltc/data';
import { beforeAll, describe, expect, it } from 'vitest';

import { aRegistration, aTalk, anEvent } from '../support/fixtures.js';
import { createTestTable } from '../support/table.js';

/*
 * Every read a repository method sends to DynamoDB Local is recorded by a middleware on the
 * SDK client (the real client, not a stand-in), and compared with the access-pattern table of
 * docs/data-model.md: each method uses exactly the key or index the table names for it, and
 * nothing on a request path scans.
 */

interface Read {
  readonly operation: string;
  readonly index: string;
  readonly keyCondition: string;
  readonly prefix: string;
}

interface DocumentedPattern extends Read {
  readonly need: string;
  readonly method: string;
}

/** Commands that read, as the SDK's DynamoDB client names them. */
const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand']);

/** A read as the table lists it; a value may come plain or marshalled (`{ S: 'TALK#' }`). */
function readOf(commandName: string | undefined, rawInput: unknown): Read {
  const input = rawInput as Record<string, unknown>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  const value = values[':prefix'] ?? values[':first'];
  const given =
    typeof value === 'string' ? value : ((value as { S?: string } | undefined)?.S ?? '');
  // A prefix that holds an id (a poll's votes) is documented with the id's name.
  const prefix = given.replace(/^VOTE#[0-9A-Z]{26}#$/, 'VOTE#<pollId>#');
  return {
    operation: (commandName ?? '').replace(/Command$/, ''),
    index: typeof input.IndexName === 'string' ? input.IndexName : 'table',
    keyCondition:
      typeof input.KeyConditionExpression === 'string' ? input.KeyConditionExpression : 'pk, sk',
    prefix,
  };
}

function documentedPatterns(): DocumentedPattern[] {
  const doc = readFileSync('docs/data-model.md', 'utf8');
  const section = doc.slice(
    doc.indexOf('## Access patterns'),
    doc.indexOf('## How each invariant'),
  );
  const code = (cell: string) => cell.replace(/^`|`$/g, '');
  return section
    .split('\n')
    .filter(
      (line) => line.startsWith('| ') && !line.startsWith('| Need') && !line.startsWith('| -'),
    )
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .map(
      ([need = '', method = '', operation = '', index = '', keyCondition = '', prefix = '']) => ({
        need,
        method: code(method),
        operation,
        index: code(index),
        keyCondition: code(keyCondition),
        prefix: prefix === '—' ? '' : code(prefix),
      }),
    );
}

let recorded: Read[] = [];
let repositories: Repositories;
let eventId: string;
let registration: { id: string; token: string };
let waitlisted: { id: string; token: string };
let talk: { id: string; token: string };
let pollId: string;

beforeAll(async () => {
  const table = await createTestTable(undefined, {
    prepareClient: (client) => {
      client.middlewareStack.add(
        (next, context) => (args) => {
          if (READS.has(context.commandName ?? ''))
            recorded.push(readOf(context.commandName, args.input));
          return next(args);
        },
        { step: 'initialize', name: 'recordReads' },
      );
    },
  });
  repositories = table.repositories;

  const event = await repositories.events.create(anEvent({ onsiteCapacity: 1 }));
  eventId = event.id;
  const first = await repositories.registrations.register(eventId, aRegistration(1));
  const second = await repositories.registrations.register(eventId, aRegistration(2));
  registration = { id: first.registration.id, token: first.manageToken };
  waitlisted = { id: second.registration.id, token: second.manageToken };
  const submitted = await repositories.talks.submit(eventId, aTalk(1));
  talk = { id: submitted.talk.id, token: submitted.manageToken };
  await repositories.connections.open('c-1');
  await repositories.connections.subscribe('c-1', eventId);
  await repositories.events.changeStatus(eventId, 'ongoing');
  pollId = (await repositories.live.createPoll(eventId, { question: 'Best?', options: ['a', 'b'] }))
    .id;
  await repositories.live.changePollStatus(eventId, pollId, 'open');
});

/** What each documented method is called with. */
const CALLS: Record<string, () => Promise<unknown>> = {
  "events.list('upcoming')": () => repositories.events.list('upcoming', 10),
  "events.list('past')": () => repositories.events.list('past', 10),
  'events.get': () => repositories.events.get(eventId),
  'talks.listForEvent': () => repositories.talks.listForEvent(eventId, { status: 'accepted' }),
  'talks.getWithToken': () => repositories.talks.getWithToken(eventId, talk.id, talk.token),
  'registrations.listForEvent': () => repositories.registrations.listForEvent(eventId, 10),
  'registrations.waitlist': () => repositories.registrations.waitlist(eventId),
  'registrations.waitlistPosition': () =>
    repositories.registrations.waitlistPosition(eventId, waitlisted.id),
  'registrations.getWithToken': () =>
    repositories.registrations.getWithToken(eventId, registration.id, registration.token),
  'registrations.cancel': () =>
    repositories.registrations.cancel(eventId, registration.id, registration.token),
  'connections.subscribers': () => repositories.connections.subscribers(eventId),
  'live.snapshot': () => repositories.live.snapshot(eventId),
  'live.pollResults': () => repositories.live.pollResults(eventId, pollId),
  // A refused vote reads the poll to say why; a counted one reads nothing.
  'live.vote': () =>
    repositories.live
      .vote(eventId, pollId, 'o9', 'voter-key-of-the-access-test')
      .catch(() => undefined),
};

describe('the access patterns of docs/data-model.md', () => {
  const patterns = documentedPatterns();

  it('lists a method for every pattern, and every pattern is a key or an index, never a scan', () => {
    const methods = new Set(patterns.map((pattern) => pattern.method));
    expect([...methods].sort()).toEqual(Object.keys(CALLS).sort());
    for (const pattern of patterns) {
      expect(['GetItem', 'Query'], pattern.need).toContain(pattern.operation);
    }
  });

  it.each(documentedPatterns().map((pattern) => [pattern.method, pattern] as const))(
    '%s reads exactly as documented: %o',
    async (method, pattern) => {
      const call = CALLS[method];
      expect(call, `no call for ${method}`).toBeDefined();
      recorded = [];

      await call?.();

      const documented = new Set(patterns.map(signature));
      expect(recorded.map(signature)).toContain(signature(pattern));
      for (const read of recorded) {
        expect(documented, `${method} also sent ${signature(read)}`).toContain(signature(read));
      }
    },
  );
});

function signature(read: Read): string {
  return `${read.operation} on ${read.index}: ${read.keyCondition} ${read.prefix}`.trim();
}
