import { describe, expect, it } from 'vitest';

import type { LtcEvent } from './event.js';
import { ConflictError, RuleViolationError } from './errors.js';
import { assertCanRegister, registerSchema } from './registration.js';
import { normalizeEmail } from './text.js';

const event = {
  status: 'upcoming',
  format: 'hybrid',
  registrationOpen: true,
} as LtcEvent;

describe('registration rules', () => {
  it('takes registrations while the event is upcoming or ongoing and open', () => {
    expect(() => {
      assertCanRegister(event, 'onsite');
    }).not.toThrow();
    expect(() => {
      assertCanRegister({ ...event, status: 'ongoing' }, 'online');
    }).not.toThrow();
    expect(() => {
      assertCanRegister({ ...event, registrationOpen: false }, 'onsite');
    }).toThrow(ConflictError);
    expect(() => {
      assertCanRegister({ ...event, status: 'completed' }, 'onsite');
    }).toThrow(ConflictError);
  });

  it('offers only the attendance the event format has', () => {
    expect(() => {
      assertCanRegister({ ...event, format: 'online' }, 'onsite');
    }).toThrow(RuleViolationError);
    expect(() => {
      assertCanRegister({ ...event, format: 'onsite' }, 'online');
    }).toThrow(RuleViolationError);
  });

  it('treats e-mail addresses that differ only in case as the same person', () => {
    expect(normalizeEmail(' Taro@Example.COM ')).toBe('taro@example.com');
  });

  it.each([
    ['only zero-width spaces', '\u200b\u200b'],
    ['a lone surrogate', 'a\ud800'],
    ['a right-to-left override', '\u202eevil'],
    ['the replacement character of undecodable bytes', 'a\ufffd'],
  ])('refuses a name of %s', (_, name) => {
    expect(
      registerSchema.safeParse({ name, email: 'a@example.com', attendance: 'onsite' }).success,
    ).toBe(false);
  });

  it('keeps a name with emoji sequences and Japanese text', () => {
    const name = '山田 👩‍💻 ｶﾀｶﾅ';

    expect(registerSchema.parse({ name, email: 'a@example.com', attendance: 'online' }).name).toBe(
      name,
    );
  });

  it('refuses an invalid e-mail address and control characters in the name', () => {
    expect(
      registerSchema.safeParse({ name: 'a', email: 'not-an-email', attendance: 'onsite' }).success,
    ).toBe(false);
    expect(
      registerSchema.safeParse({ name: 'a\u0000b', email: 'a@example.com', attendance: 'onsite' })
        .success,
    ).toBe(false);
  });
});
