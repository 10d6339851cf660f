import { describe, expect, it } from 'vitest';

import { expiryOf, failureOf, type SignInOperation } from './cognito-sign-in.js';

/** An error as the Cognito client throws it: named after Cognito's exception, client or server fault. */
function cognitoError(name: string, message = name, fault: 'client' | 'server' = 'client') {
  return Object.assign(new Error(message), { name, $fault: fault });
}

describe('what a Cognito refusal means at each step', () => {
  const cases: [SignInOperation, ReturnType<typeof cognitoError>, string][] = [
    [
      'sign-in',
      cognitoError('NotAuthorizedException', 'Incorrect username or password.'),
      'bad-credentials',
    ],
    [
      'sign-in',
      cognitoError('NotAuthorizedException', 'Password attempts exceeded'),
      'too-many-attempts',
    ],
    ['sign-in', cognitoError('InvalidPasswordException'), 'bad-credentials'],
    ['sign-in', cognitoError('UserNotFoundException'), 'bad-credentials'],
    ['sign-in', cognitoError('PasswordResetRequiredException'), 'reset-required'],
    ['new-password', cognitoError('InvalidPasswordException'), 'weak-password'],
    ['new-password', cognitoError('InvalidParameterException'), 'weak-password'],
    [
      'new-password',
      cognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.'),
      'session-expired',
    ],
    ['code', cognitoError('CodeMismatchException'), 'wrong-code'],
    // An authenticator code that was used once already, in a second sign-in within 30 seconds.
    [
      'code',
      cognitoError('ExpiredCodeException', 'Your software token has already been used once.'),
      'wrong-code',
    ],
    ['code', cognitoError('EnableSoftwareTokenMFAException'), 'wrong-code'],
    [
      'code',
      cognitoError('NotAuthorizedException', 'Invalid session for the user.'),
      'session-expired',
    ],
    ['app-setup', cognitoError('NotAuthorizedException'), 'session-expired'],
    [
      'refresh',
      cognitoError('NotAuthorizedException', 'Refresh Token has been revoked'),
      'session-expired',
    ],
    [
      'request-reset',
      cognitoError('NotAuthorizedException', 'User password cannot be reset in the current state.'),
      'reset-not-allowed',
    ],
    [
      'request-reset',
      cognitoError(
        'InvalidParameterException',
        'Cannot reset password for the user as there is no registered/verified email or phone_number',
      ),
      'reset-not-allowed',
    ],
    ['request-reset', cognitoError('LimitExceededException'), 'too-many-attempts'],
    ['confirm-reset', cognitoError('CodeMismatchException'), 'wrong-code'],
    ['confirm-reset', cognitoError('ExpiredCodeException'), 'code-expired'],
    ['confirm-reset', cognitoError('InvalidPasswordException'), 'weak-password'],
    [
      'confirm-reset',
      cognitoError('InvalidParameterException', 'Value at password failed to satisfy constraint'),
      'weak-password',
    ],
    ['confirm-reset', cognitoError('UserNotFoundException'), 'wrong-code'],
    ['confirm-reset', cognitoError('TooManyFailedAttemptsException'), 'too-many-attempts'],
    ['sign-in', cognitoError('SomethingNewException'), 'bad-credentials'],
    ['code', cognitoError('InternalErrorException', 'boom', 'server'), 'unavailable'],
  ];

  it.each(cases)('%s, %o: %s', (operation, error, reason) => {
    expect(failureOf(operation, error)).toBe(reason);
  });

  it('takes a failure without an answer, such as a dropped connection, as unavailable', () => {
    expect(failureOf('sign-in', new TypeError('Failed to fetch'))).toBe('unavailable');
  });
});

describe('reading a token expiry', () => {
  const token = (claims: object) =>
    `header.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`;
  /** The expiry is an hour after `before`, give or take the test's own run time. */
  const expectAnHourAfter = (before: number, expiry: number) => {
    expect(expiry).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(expiry).toBeLessThan(before + 3_601_000);
  };

  it("counts Cognito's ExpiresIn from now, on this device's clock", () => {
    const before = Date.now();

    const expiry = expiryOf(token({ iat: 1_000, exp: 2_000_000_000 }), 3600);

    expectAnHourAfter(before, expiry);
  });

  it("counts the token's own lifetime from now when Cognito names none, whatever the clocks say", () => {
    const before = Date.now();

    // Issued and expiring far in the past by this device's clock: a clock that is off.
    const expiry = expiryOf(token({ iat: 1_000, exp: 4_600 }), undefined);

    expectAnHourAfter(before, expiry);
  });

  it('falls back to an hour when neither says', () => {
    const before = Date.now();

    const expiry = expiryOf('not-a-jwt', undefined);

    expectAnHourAfter(before, expiry);
  });
});
