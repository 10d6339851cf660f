import { z } from 'zod';

import { InvalidInputError } from '@ltc/domain';

/** One page of a list and the cursor to the next, absent on the last page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | undefined;
}

/** What a cursor of one list must look like to be accepted back. */
export interface CursorShape {
  /** The key attributes a start key of this query has: the table's, plus the index's. */
  readonly attributes: readonly string[];
  /** The partition the query reads: a cursor into another partition is refused. */
  readonly partition: { readonly attribute: string; readonly value: string };
  /** The sort key prefix the query reads (`begins_with`), if any. */
  readonly sortPrefix?: { readonly attribute: string; readonly prefix: string };
}

const keyValue = z.string().min(1).max(1024);

/** Turns DynamoDB's LastEvaluatedKey into an opaque cursor for the client. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key === undefined ? undefined : Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * Reads a cursor back, refusing one that was not made for this list: it must carry exactly the
 * list's key attributes, point into the partition the query reads and within its sort key
 * prefix. A crafted cursor therefore neither reaches another event's items nor makes DynamoDB
 * refuse the query.
 */
export function decodeCursor(
  cursor: string | undefined,
  shape: CursorShape,
): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const schema = z.strictObject(
    Object.fromEntries(shape.attributes.map((name) => [name, keyValue])),
  );
  const key = schema.safeParse(parsed);
  if (!key.success) throw invalidCursor();
  const values = key.data as Record<string, string>;
  if (values[shape.partition.attribute] !== shape.partition.value) throw invalidCursor();
  const prefix = shape.sortPrefix;
  if (prefix !== undefined && !values[prefix.attribute]?.startsWith(prefix.prefix)) {
    throw invalidCursor();
  }
  return values;
}

/** The problem of a cursor that this list did not make, or that no longer fits it. */
export function invalidCursor(): InvalidInputError {
  return new InvalidInputError(
    'cursor is not valid for this list; start again without it',
    'cursor',
  );
}
