import { z } from 'zod';

/**
 * Free text typed by a person: stored exactly as given (no trimming, no HTML stripping, since
 * it is always rendered as text), but never empty or only invisible characters, and free of
 * what only serves to garble or disguise text: control characters other than line breaks and
 * tabs, text-direction overrides, lone surrogates, and the replacement character that stands
 * for bytes which were not valid UTF-8.
 */
export function personText(maxLength: number) {
  return z
    .string()
    .max(maxLength, { error: `must be at most ${maxLength} characters` })
    .refine((value) => /[^\p{White_Space}\p{Cf}]/u.test(value), { error: 'must not be empty' })
    .refine((value) => !/\p{Cc}/u.test(value.replace(/[\n\r\t]/g, '')), {
      error: 'must not contain control characters',
    })
    .refine((value) => !/[\u202A-\u202E\u2066-\u2069]/u.test(value), {
      error: 'must not contain text-direction overrides',
    })
    .refine((value) => !/[\p{Cs}\uFFFD]/u.test(value), {
      error: 'must be valid UTF-8 text',
    });
}

/** An http(s) URL, as a speaker's slide link or an event's online meeting link. */
export const webUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
  .max(2000, { error: 'must be at most 2000 characters' });

/** An e-mail address; compared case-insensitively. */
export const emailAddress = z
  .email({ error: 'must be a valid e-mail address' })
  .max(254, { error: 'must be at most 254 characters' });

/** The form of an e-mail address used to tell whether two registrations are the same person. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
