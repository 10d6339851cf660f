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
 * cursor this API made. A cursor signed with the previous key still opens, so a key rotation
 * does not break a client in the middle of paging.
 */
export class CursorSigner {
  constructor(private readonly keys: SigningKeySource) {}

  async sign(cursor: string | undefined): Promise<string | undefined> {
    if (cursor === undefined) return undefined;
    return `${cursor}.${mac(await this.keys.current(), cursor)}`;
  }

  /** The cursor inside a signed one; throws the API's invalid-cursor problem otherwise. */
  async open(signed: string | undefined): Promise<string | undefined> {
    if (signed === undefined) return undefined;
    const dot = signed.lastIndexOf('.');
    if (dot <= 0) throw invalidCursor();
    const cursor = signed.slice(0, dot);
    const given = Buffer.from(signed.slice(dot + 1), 'base64url');

    if (matches(given, mac(await this.keys.current(), cursor))) return cursor;
    const previous = await this.keys.previous();
    if (previous !== undefined && matches(given, mac(previous, cursor))) return cursor;
    throw invalidCursor();
  }
}

function mac(key: string, cursor: string): string {
  return createHmac('sha256', key).update(cursor).digest('base64url');
}

function matches(given: Buffer, expected: string): boolean {
  const wanted = Buffer.from(expected, 'base64url');
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
