import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Private links let a participant or speaker reach only their own entry. The token is random
 * (256 bits) and only its hash is stored, so a leaked table copy cannot be turned into links.
 */
export function newManageToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashManageToken(token) };
}

export function hashManageToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Compares in constant time, so response timing tells nothing about the stored hash. */
export function manageTokenMatches(token: string, storedHash: string): boolean {
  const given = Buffer.from(hashManageToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
