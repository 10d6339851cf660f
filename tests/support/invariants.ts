import { paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '@ltc/data';
import { normalizeEmail } from '@ltc/domain';

/** What one event's partition holds, read straight from the table. */
export interface EventPartition {
  readonly event: Record<string, unknown> | undefined;
  readonly registrations: readonly Record<string, unknown>[];
  readonly waitlist: readonly string[];
  readonly emailGuards: readonly Record<string, unknown>[];
  readonly talks: readonly Record<string, unknown>[];
}

/** Reads every item of an event's partition with consistent reads. */
export async function readEventPartition(
  client: DynamoDBDocumentClient,
  tableName: string,
  eventId: string,
): Promise<EventPartition> {
  const items: Record<string, unknown>[] = [];
  const pages = paginateQuery(
    { client },
    {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.eventPk(eventId) },
      ConsistentRead: true,
    },
  );
  for await (const page of pages) items.push(...(page.Items ?? []));
  const bySk = (prefix: string) => items.filter((item) => String(item.sk).startsWith(prefix));
  return {
    event: items.find((item) => item.sk === keys.eventSk),
    registrations: bySk(keys.registrationPrefix),
    // Sort keys come back in order, so this is the queue as DynamoDB keeps it.
    waitlist: bySk(keys.waitlistPrefix).map((item) => String(item.registrationId)),
    emailGuards: bySk('REGEMAIL#'),
    talks: bySk(keys.talkPrefix),
  };
}

/**
 * The invariants of the product's design, checked against the stored items of one event:
 * - confirmed onsite registrations never exceed the onsite capacity, and the event's counts
 *   equal the stored registrations;
 * - one live registration per (event, e-mail), each held by exactly one e-mail guard;
 * - the waitlist holds exactly the waitlisted registrations, in the order they arrived, and no
 *   one got a seat ahead of someone who is still waiting (so the queue was promoted in order);
 * - every promoted registration left the waitlist (each seat promoted once);
 * - accepted talks never exceed the talk limit, and the event's count equals them;
 * - only confirmed onsite registrations are checked in, and the event's count equals them.
 *
 * Answers one sentence per broken invariant; an empty list when all hold.
 */
export function brokenInvariants(partition: EventPartition, options: QueueEvidence = {}): string[] {
  const broken: string[] = [];
  const { event, registrations, waitlist, emailGuards, talks } = partition;
  if (event === undefined) return ['the event item is missing'];
  const eventId = String(event.id);
  const number = (name: string) => Number(event[name] ?? 0);
  const onsite = registrations.filter((r) => r.attendance === 'onsite');
  const confirmedOnsite = onsite.filter((r) => r.status === 'confirmed');
  const waitlisted = onsite.filter((r) => r.status === 'waitlisted');
  const online = registrations.filter((r) => r.attendance === 'online' && r.status === 'confirmed');
  const live = registrations.filter((r) => r.status !== 'cancelled');
  const accepted = talks.filter((t) => t.status === 'accepted');
  const checkedIn = registrations.filter((r) => r.checkedInAt !== undefined);
  const say = (sentence: string) => broken.push(`event ${eventId}: ${sentence}`);

  if (confirmedOnsite.length > number('onsiteCapacity')) {
    say(`${confirmedOnsite.length} confirmed onsite for ${number('onsiteCapacity')} seats`);
  }
  for (const [name, stored] of [
    ['confirmedOnsite', confirmedOnsite.length],
    ['waitlisted', waitlisted.length],
    ['online', online.length],
    ['acceptedTalks', accepted.length],
    ['checkedIn', checkedIn.length],
  ] as const) {
    if (number(name) !== stored)
      say(`the count ${name} is ${number(name)}, the table holds ${stored}`);
  }

  for (const registration of checkedIn) {
    if (registration.status !== 'confirmed' || registration.attendance !== 'onsite') {
      say(
        `a ${String(registration.status)} ${String(registration.attendance)} registration is checked in`,
      );
    }
  }

  const liveByEmail = new Map<string, number>();
  for (const registration of live) {
    const email = normalizeEmail(String(registration.email));
    liveByEmail.set(email, (liveByEmail.get(email) ?? 0) + 1);
  }
  for (const [email, count] of liveByEmail) {
    if (count > 1) say(`${count} live registrations share one e-mail (${email.length} chars)`);
  }
  const guarded = emailGuards.map((guard) => String(guard.registrationId)).sort();
  const liveIds = live.map((r) => String(r.id)).sort();
  if (JSON.stringify(guarded) !== JSON.stringify(liveIds)) {
    say(
      `${guarded.length} e-mail guards for ${liveIds.length} live registrations, or held by others`,
    );
  }

  const waitlistedIds = waitlisted.map((r) => String(r.id)).sort();
  if (JSON.stringify(waitlist) !== JSON.stringify(waitlistedIds)) {
    say(
      `the waitlist (${waitlist.length}) is not the waitlisted registrations (${waitlistedIds.length}) in arrival order`,
    );
  }
  for (const jump of queueJumps(registrations, options)) say(jump);
  const promotedStillQueued = registrations.filter(
    (r) => r.promotedAt !== undefined && waitlist.includes(String(r.id)),
  );
  if (promotedStillQueued.length > 0) {
    say(`${promotedStillQueued.length} promoted registrations are still on the waitlist`);
  }

  if (accepted.length > number('talkLimit')) {
    say(`${accepted.length} accepted talks for a limit of ${number('talkLimit')}`);
  }
  return broken;
}

/** What the callers know of when people joined the waitlist, to judge its order. */
export interface QueueEvidence {
  /**
   * Registrations were made one at a time, so their ids (time-ordered ULIDs) are their order
   * of arrival. @default false
   */
  readonly sequential?: boolean;
  /**
   * Registrations a client saw answered as waitlisted, with the time of the answer (the same
   * clock as the product's, on this machine). Under concurrency this is what proves that one
   * person was already waiting when another got a seat.
   */
  readonly waitlistedAt?: readonly { readonly id: string; readonly at: string }[];
  /**
   * Registrations a client saw answered as confirmed, with the time of the answer. A stored
   * `createdAt` is stamped before the write, which may retry for seconds under throttling, so
   * it only says the seat was taken after it; the answer says the seat was taken before it.
   */
  readonly confirmedAt?: readonly { readonly id: string; readonly at: string }[];
  /**
   * Cancellations a client saw answered, with the time of the answer. A cancellation that
   * passes its seat on stamps the promotion with its own time, taken before it reads the
   * waitlist and writes, which may retry for seconds; the answer says it read the waitlist
   * before then. Without it, a promotion counts as made at its stamp.
   */
  readonly cancelledAt?: readonly { readonly id: string; readonly at: string }[];
}

/**
 * Seats that went to someone while an earlier registration was provably waiting: given by a
 * promotion or directly, after the earlier one was on the waitlist, and before that one left it.
 */
function queueJumps(
  registrations: readonly Record<string, unknown>[],
  evidence: QueueEvidence,
): string[] {
  const onsite = registrations.filter((r) => r.attendance === 'onsite');
  const seated = onsite.filter((r) => r.status === 'confirmed' || r.promotedAt !== undefined);
  // When a registration stopped waiting: promoted or cancelled; never when it still waits.
  const leftQueueAt = (r: Record<string, unknown>) =>
    String(r.promotedAt ?? (r.status === 'cancelled' ? r.cancelledAt : '9999'));
  const byId = new Map(onsite.map((r) => [String(r.id), r]));
  const waiting: { id: string; since: string; left: string }[] = [];
  if (evidence.sequential === true) {
    for (const r of onsite) {
      if (r.status === 'waitlisted' || r.promotedAt !== undefined) {
        waiting.push({ id: String(r.id), since: String(r.createdAt), left: leftQueueAt(r) });
      }
    }
  }
  for (const { id, at } of evidence.waitlistedAt ?? []) {
    const r = byId.get(id);
    if (r !== undefined) waiting.push({ id, since: at, left: leftQueueAt(r) });
  }

  const answeredConfirmed = new Map((evidence.confirmedAt ?? []).map(({ id, at }) => [id, at]));
  const answeredCancelled = new Map((evidence.cancelledAt ?? []).map(({ id, at }) => [id, at]));
  // The cancellation that passed a seat on shares its time stamp with the promotion it made.
  const cancelledByStamp = new Map(
    onsite
      .filter((r) => r.status === 'cancelled' && answeredCancelled.has(String(r.id)))
      .map((r) => [String(r.cancelledAt), answeredCancelled.get(String(r.id)) ?? '']),
  );
  const jumps: string[] = [];
  for (const w of waiting) {
    for (const s of seated) {
      if (String(s.id) <= w.id) continue;
      // The moment s got its seat: its promotion, or its own registration; no earlier than its
      // stamp and no later than the answer to the request that gave it, when one was seen.
      const seatedAt = String(s.promotedAt ?? s.createdAt);
      const seatedBy =
        (s.promotedAt === undefined
          ? answeredConfirmed.get(String(s.id))
          : cancelledByStamp.get(seatedAt)) ?? seatedAt;
      if (seatedAt > w.since && seatedBy < w.left) {
        jumps.push(
          `registration ${String(s.id)} got a seat at ${seatedAt} while the earlier ${w.id} was waiting`,
        );
      }
    }
  }
  return jumps.slice(0, 10);
}
