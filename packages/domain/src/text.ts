import { z } from 'zod';

/**
 * Free text typed by a person: stored exactly as given (no trimming, no HTML stripping, since
 * it is always rendered as text), but never empty or only white space, and free of control
 * characters other than line breaks and tabs.
 */
export function personText(maxLength: number) {
  return z
    .string()
    .max(maxLength, { error: `must be at most ${maxLength} characters` })
    .refine((value) => value.trim().length > 0, { error: 'must not be empty' })
    .refine((value) => !/[\p{Cc}]/u.test(value.replace(/[\n\r\t]/g, '')), {
      error: 'must not contain control characters',
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
