import { z } from 'zod';

import { InvalidInputError } from '@ltc/domain';

/** One page of a list and the cursor to the next, absent on the last page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | undefined;
}

const cursorKey = z.record(z.string(), z.string().max(1024));

/** Turns DynamoDB's LastEvaluatedKey into an opaque cursor for the client. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key === undefined ? undefined : Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * Reads a cursor back, refusing one that was not made for this list: a cursor must point into
 * the same partition the query reads, so a crafted one cannot reach another event's items.
 */
export function decodeCursor(
  cursor: string | undefined,
  expected: { readonly attribute: string; readonly value: string },
): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  const invalid = new InvalidInputError('cursor is not valid for this list', 'cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  const key = cursorKey.safeParse(parsed);
  if (!key.success || key.data[expected.attribute] !== expected.value) throw invalid;
  return key.data;
}
