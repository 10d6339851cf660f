/*
 * The audience votes without an account: each browser makes one random voter key and keeps it,
 * and remembers which option it chose in each poll, so that the page still says "you voted for
 * X" after a reload. The server keeps one vote per key and poll whatever the page remembers.
 */

const VOTER_KEY = 'ltc.voterKey';
const CHOICE_PREFIX = 'ltc.vote.';

/** 16 random bytes (128 bits) as base64url: 22 characters, as the server asks. */
export function newVoterKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const binary = String.fromCharCode(...bytes);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The key of this page when storage is off. */
let sessionKey: string | undefined;

/** This browser's voter key, made on first use. */
export function voterKey(): string {
  try {
    const stored = window.localStorage.getItem(VOTER_KEY);
    if (stored !== null && /^[A-Za-z0-9_-]{22,64}$/.test(stored)) return stored;
    const made = newVoterKey();
    window.localStorage.setItem(VOTER_KEY, made);
    return made;
  } catch {
    // Without storage the key lasts as long as the page; the server still counts one vote per key.
    return (sessionKey ??= newVoterKey());
  }
}
/** The option this browser chose in `pollId`; `''` when it voted but the choice is not known. */
export function rememberedChoice(pollId: string): string | undefined {
  try {
    return window.localStorage.getItem(CHOICE_PREFIX + pollId) ?? undefined;
  } catch {
    return undefined;
  }
}

export function rememberChoice(pollId: string, optionId: string): void {
  try {
    window.localStorage.setItem(CHOICE_PREFIX + pollId, optionId);
  } catch {
    // Not remembered after a reload when storage is off; the vote itself is counted.
  }
}
