import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { invalidCursor } from '@ltc/data';

/** The application signing key now, and the one before the last rotation while it lasts. */
export interface SigningKeys {
  readonly current: string;
  readonly previous?: string | undefined;
}

/** Where the keys come from: Secrets Manager in AWS, a random key per process locally. */
export interface SigningKeySource {
  current(): Promise<string>;
  /** The key before the last rotation, or undefined when there is none. */
  previous(): Promise<string | undefined>;
}

/** A source with one random key, made when the process starts; its cursors end with it. */
export function processSigningKeys(): SigningKeySource {
  const key = randomBytes(32).toString('base64url');
  return {
    current: () => Promise.resolve(key),
    previous: () => Promise.resolve(undefined),
  };
}

/**
 * Pagination cursors carry DynamoDB keys; signing them means a client can only hand back a
 * cursor this API made, for the list it was made for: the signature covers the list's name
 * (such as `events:upcoming`), so a cursor of one list does not open another. A cursor signed
 * with the previous key still opens, so a key rotation does not break a client in the middle
 * of paging.
 */
export class CursorSigner {
  constructor(private readonly keys: SigningKeySource) {}

  async sign(list: string, cursor: string | undefined): Promise<string | undefined> {
    if (cursor === undefined) return undefined;
    return `${cursor}.${mac(await this.keys.current(), list, cursor)}`;
  }

  /** The cursor inside a signed one; throws the API's invalid-cursor problem otherwise. */
  async open(list: string, signed: string | undefined): Promise<string | undefined> {
    if (signed === undefined) return undefined;
    const dot = signed.lastIndexOf('.');
    if (dot <= 0) throw invalidCursor();
    const cursor = signed.slice(0, dot);
    const given = signed.slice(dot + 1);

    if (matches(given, mac(await this.keys.current(), list, cursor))) return cursor;
    const previous = await this.keys.previous();
    if (previous !== undefined && matches(given, mac(previous, list, cursor))) return cursor;
    throw invalidCursor();
  }
}

function mac(key: string, list: string, cursor: string): string {
  return createHmac('sha256', key).update(`${list}\n${cursor}`).digest('base64url');
}

/** Compares the signature text exactly (no lenient decoding) and in constant time. */
function matches(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
