import { setTimeout as sleep } from 'node:timers/promises';

import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import {
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Why each item of a cancelled transaction failed, in the order the items were given. */
export type CancellationCode =
  | 'None'
  | 'ConditionalCheckFailed'
  | 'TransactionConflict'
  | 'ItemCollectionSizeLimitExceeded'
  | 'ThrottlingError'
  | 'ProvisionedThroughputExceeded'
  | 'ValidationError'
  | (string & {});

/** A transaction that DynamoDB refused because one of its conditions did not hold. */
export class TransactionRefused extends Error {
  constructor(readonly codes: readonly CancellationCode[]) {
    super(`transaction refused: ${codes.join(', ')}`);
    this.name = 'TransactionRefused';
  }

  /** Whether the condition on the item at `index` is what failed. */
  failedAt(index: number): boolean {
    return this.codes[index] === 'ConditionalCheckFailed';
  }
}

/** Thrown when the same items stayed contended for longer than the retries allow. */
export class ContentionError extends Error {
  constructor(attempts: number) {
    super(`the items stayed busy through ${attempts} attempts`);
    this.name = 'ContentionError';
  }
}

/**
 * DynamoDB cancelled a transaction for lack of throughput (its reasons say `ThrottlingError` or
 * `ProvisionedThroughputExceeded`) through every retry: nothing was written, and the same write
 * can succeed a moment later.
 */
export class ThroughputExceededError extends Error {
  constructor(attempts: number) {
    super(`the table had no throughput to spare through ${attempts} attempts`);
    this.name = 'ThroughputExceededError';
  }
}

const THROTTLED_CODES = new Set<CancellationCode>([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

/**
 * Writes items all-or-nothing. A condition failure becomes `TransactionRefused` with the
 * reason per item; a conflict with another transaction on the same items is retried with
 * jittered backoff, since it says nothing about the data, only about timing. So is a
 * transaction cancelled for throttling, which the SDK does not retry by itself (it sees a
 * `TransactionCanceledException`, not a throttling error).
 */
export async function transactWrite(
  client: DynamoDBDocumentClient,
  items: readonly TransactItem[],
): Promise<void> {
  const maxAttempts = 12;

  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: [...items] }));
      return;
    } catch (error) {
      const refusal = asRefusal(error);
      const conflicted =
        error instanceof TransactionConflictException ||
        (refusal !== undefined &&
          !refusal.codes.includes('ConditionalCheckFailed') &&
          refusal.codes.includes('TransactionConflict'));
      const throttled =
        refusal !== undefined &&
        !refusal.codes.includes('ConditionalCheckFailed') &&
        refusal.codes.some((code) => THROTTLED_CODES.has(code));
      if (conflicted || throttled) {
        if (attempt >= maxAttempts) {
          throw throttled ? new ThroughputExceededError(attempt) : new ContentionError(attempt);
        }
        await sleep(backoffMs(attempt));
        continue;
      }
      throw refusal ?? error;
    }
  }
}

/** Runs `operation` again when it lost a race, up to a bound; for read-decide-write loops. */
export async function retryOnRace<T>(
  operation: (attempt: number) => Promise<T | typeof RACE_LOST>,
): Promise<T> {
  const maxAttempts = 20;

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const result = await operation(attempt);
    if (result !== RACE_LOST) return result;
    await sleep(backoffMs(attempt));
  }
  throw new ContentionError(maxAttempts);
}

/** Returned by a `retryOnRace` operation whose view of the data went stale before it wrote. */
export const RACE_LOST = Symbol('race lost');

/** Whether a single-item write failed its condition. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

function asRefusal(error: unknown): TransactionRefused | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const reasons = error.CancellationReasons ?? [];
  return new TransactionRefused(reasons.map((reason) => reason.Code ?? 'None'));
}

function backoffMs(attempt: number): number {
  const ceiling = Math.min(200, 5 * 2 ** attempt);
  return Math.random() * ceiling;
}
