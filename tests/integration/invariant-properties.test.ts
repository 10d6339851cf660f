import { ConflictError, type Registration } from '@ltc/domain';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { aRegistration, aTalk, anEvent } from '../support/fixtures.js';
import { fuzzRuns } from '../support/fuzz-settings.js';
import { brokenInvariants, readEventPartition } from '../support/invariants.js';
import { createTestTable, type TestTable } from '../support/table.js';

/*
 * Generated sequences of registrations, cancellations, talk submissions and reviews, run
 * against the repositories over DynamoDB Local, compared step by step with a plain model of the
 * rules (a seat while one is free and nobody waits, else the end of the queue; a freed seat to
 * the head of the queue; at most the talk limit accepted), and checked against the stored items
 * at the end. Short by default; FUZZ_RUNS=<n> runs the longer form.
 */

const RUNS = fuzzRuns(8);

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
});

type Step =
  | { readonly kind: 'register'; readonly person: number; readonly online: boolean }
  | { readonly kind: 'cancel'; readonly pick: number }
  | { readonly kind: 'submit' }
  | { readonly kind: 'review'; readonly pick: number; readonly accept: boolean }
  | { readonly kind: 'withdraw'; readonly pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('register' as const),
      person: fc.integer({ min: 0, max: 12 }),
      online: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('submit' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('review' as const),
      pick: fc.nat(),
      accept: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), pick: fc.nat() }) },
);

/** The rules as a plain model: who holds a seat, who waits in which order, what is accepted. */
class Model {
  readonly status = new Map<string, Registration['status']>();
  readonly queue: string[] = [];
  readonly liveEmail = new Map<string, string>();
  readonly attendance = new Map<string, 'onsite' | 'online'>();
  readonly talks = new Map<string, 'pending' | 'accepted' | 'rejected' | 'withdrawn'>();
  confirmedOnsite = 0;

  constructor(
    readonly capacity: number,
    readonly talkLimit: number,
  ) {}

  expectedOnRegister(): Registration['status'] {
    return this.confirmedOnsite < this.capacity && this.queue.length === 0
      ? 'confirmed'
      : 'waitlisted';
  }

  cancel(id: string): void {
    const was = this.status.get(id);
    this.status.set(id, 'cancelled');
    for (const [email, owner] of this.liveEmail) if (owner === id) this.liveEmail.delete(email);
    if (this.attendance.get(id) !== 'onsite') return;
    if (was === 'waitlisted') {
      this.queue.splice(this.queue.indexOf(id), 1);
    } else if (was === 'confirmed') {
      const head = this.queue.shift();
      if (head === undefined) this.confirmedOnsite--;
      else this.status.set(head, 'confirmed');
    }
  }

  accepted(): number {
    return [...this.talks.values()].filter((status) => status === 'accepted').length;
  }
}

async function run(steps: readonly Step[], capacity: number, talkLimit: number) {
  const { events, registrations, talks } = table.repositories;
  const event = await events.create(anEvent({ onsiteCapacity: capacity, talkLimit }));
  const model = new Model(capacity, talkLimit);
  const tokens = new Map<string, string>();
  const talkTokens = new Map<string, string>();

  for (const [index, current] of steps.entries()) {
    const pickFrom = <T>(items: readonly T[], pick: number) => items[pick % items.length];
    switch (current.kind) {
      case 'register': {
        const input = aRegistration(current.person, {
          attendance: current.online ? 'online' : 'onsite',
        });
        const email = input.email;
        if (model.liveEmail.has(email)) {
          await expect(registrations.register(event.id, input)).rejects.toBeInstanceOf(
            ConflictError,
          );
          break;
        }
        const expected = current.online ? 'confirmed' : model.expectedOnRegister();
        const { registration, manageToken } = await registrations.register(event.id, input);
        expect(registration.status, `step ${index}: register`).toBe(expected);
        tokens.set(registration.id, manageToken);
        model.status.set(registration.id, expected);
        model.attendance.set(registration.id, input.attendance);
        model.liveEmail.set(email, registration.id);
        if (!current.online && expected === 'confirmed') model.confirmedOnsite++;
        if (!current.online && expected === 'waitlisted') model.queue.push(registration.id);
        break;
      }
      case 'cancel': {
        const live = [...model.status].filter(([, status]) => status !== 'cancelled');
        const chosen = pickFrom(live, current.pick);
        if (chosen === undefined) break;
        const [id] = chosen;
        await registrations.cancel(event.id, id, tokens.get(id) ?? '');
        model.cancel(id);
        break;
      }
      case 'submit': {
        const { talk, manageToken } = await talks.submit(event.id, aTalk(model.talks.size));
        model.talks.set(talk.id, 'pending');
        talkTokens.set(talk.id, manageToken);
        break;
      }
      case 'review': {
        const chosen = pickFrom([...model.talks], current.pick);
        if (chosen === undefined) break;
        const [id, status] = chosen;
        const decision = current.accept ? 'accepted' : 'rejected';
        const allowed =
          status !== 'withdrawn' &&
          status !== decision &&
          (decision === 'rejected' || model.accepted() < talkLimit);
        if (!allowed) {
          await expect(talks.review(event.id, id, decision)).rejects.toBeInstanceOf(ConflictError);
          break;
        }
        await talks.review(event.id, id, decision);
        model.talks.set(id, decision);
        break;
      }
      case 'withdraw': {
        const chosen = pickFrom(
          [...model.talks].filter(([, status]) => status === 'pending' || status === 'accepted'),
          current.pick,
        );
        if (chosen === undefined) break;
        await talks.withdraw(event.id, chosen[0], talkTokens.get(chosen[0]) ?? '');
        model.talks.set(chosen[0], 'withdrawn');
        break;
      }
    }
  }

  const partition = await readEventPartition(table.store.client, table.tableName, event.id);
  expect(brokenInvariants(partition, { sequential: true })).toEqual([]);
  const stored = new Map(partition.registrations.map((r) => [String(r.id), r.status]));
  expect(stored).toEqual(model.status);
  expect(partition.waitlist).toEqual(model.queue);
  const storedTalks = new Map(partition.talks.map((t) => [String(t.id), t.status]));
  expect(storedTalks).toEqual(model.talks);
}

describe('registrations and talks on generated sequences of requests', () => {
  it('keeps the seats, the waitlist order and the talk limit exactly as the rules say', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        (steps, capacity, talkLimit) => run(steps, capacity, talkLimit),
      ),
      { numRuns: RUNS },
    );
  }, 120_000);
});
