import { createTokenVerifier } from '@ltc/api';
import { createRemoteJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  CognitoSignIn,
  SignInError,
  otpauthUri,
  type SignInStep,
} from '../../packages/web/src/organizer/cognito-sign-in.js';
import {
  ORGANIZER_PASSWORD,
  startCognitoLocal,
  totpFor,
  type CognitoLocal,
} from '../support/cognito-local.js';

/*
 * The web app's organizer sign-in, run in Node against cognito-local (behind the test double
 * that makes MFA required, as the pool in AWS does), with the same SDK calls the browser makes.
 * The tokens it ends with must pass the API's own verifier.
 */

let cognito: CognitoLocal;
let signIn: CognitoSignIn;

beforeAll(async () => {
  cognito = await startCognitoLocal();
  signIn = new CognitoSignIn(cognito.pool);
}, 60_000);

afterAll(async () => {
  await cognito.stop();
});

function expectStep<K extends SignInStep['kind']>(
  step: SignInStep,
  kind: K,
): Extract<SignInStep, { kind: K }> {
  expect(step.kind).toBe(kind);
  return step as Extract<SignInStep, { kind: K }>;
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SignInError);
  return error instanceof SignInError ? error.reason : '';
}

async function verifiedOrganizer(accessToken: string) {
  const verify = createTokenVerifier({
    issuer: cognito.pool.issuer,
    clientId: cognito.pool.clientId,
    keys: createRemoteJWKSet(new URL(`${cognito.pool.issuer}/.well-known/jwks.json`)),
  });
  return verify(accessToken);
}

describe('organizer sign-in with Cognito', () => {
  it('takes a new organizer from the temporary password through app setup to an accepted token', async () => {
    const { email } = await cognito.newOrganizer('Temporary-Pass-123!');

    const newPassword = expectStep(
      await signIn.start(email, 'Temporary-Pass-123!'),
      'new-password',
    );
    const setup = expectStep(
      await signIn.setNewPassword(newPassword, ORGANIZER_PASSWORD),
      'totp-setup',
    );
    expect(setup.secret).toMatch(/^[A-Z2-7]+=*$/);
    expect(setup.otpauthUri).toBe(otpauthUri(email, setup.secret));
    expect(setup.otpauthUri).toContain('issuer=Lightning%20Talk%20Circle');

    const app = totpFor(setup.secret);
    expect(await failure(signIn.finishSetup(setup, wrongCode(app.generate())))).toBe('wrong-code');
    const done = expectStep(await signIn.finishSetup(setup, app.generate()), 'signed-in');

    const organizer = await verifiedOrganizer(done.tokens.accessToken);
    expect(organizer.id).not.toBe('');
    expect(done.tokens.expiresAt).toBeGreaterThan(Date.now());

    // From now on the app's code is asked for at every sign-in.
    const again = expectStep(await signIn.start(email, ORGANIZER_PASSWORD), 'totp-code');
    expectStep(await signIn.confirmCode(again, app.generate()), 'signed-in');
  });

  it('asks an enrolled organizer for the code, and refuses a wrong one', async () => {
    const { email, totp } = await cognito.enrolledOrganizer();

    const step = expectStep(await signIn.start(email, ORGANIZER_PASSWORD), 'totp-code');
    expect(await failure(signIn.confirmCode(step, wrongCode(totp.generate())))).toBe('wrong-code');

    const retry = expectStep(await signIn.start(email, ORGANIZER_PASSWORD), 'totp-code');
    const done = expectStep(await signIn.confirmCode(retry, totp.generate()), 'signed-in');
    expect((await verifiedOrganizer(done.tokens.accessToken)).id).not.toBe('');
  });

  it('refuses a wrong password and an unknown address alike', async () => {
    const { email } = await cognito.enrolledOrganizer();

    expect(await failure(signIn.start(email, 'Not-the-password-1!'))).toBe('bad-credentials');
    expect(await failure(signIn.start('nobody@example.com', ORGANIZER_PASSWORD))).toBe(
      'bad-credentials',
    );
  });

  it('answers a step whose session is unknown with session-expired', async () => {
    const reason = await failure(
      signIn.confirmCode(
        { kind: 'totp-code', username: 'someone', account: 'someone', session: 'gone' },
        '123456',
      ),
    );

    expect(['session-expired', 'wrong-code']).toContain(reason);
  });

  it('renews the access token with the refresh token, and refuses a made-up one', async () => {
    // cognito-local keeps the refresh tokens of password sign-ins only, not of challenge answers.
    const { email } = await cognito.organizerWithoutApp();
    const setup = expectStep(await signIn.start(email, ORGANIZER_PASSWORD), 'totp-setup');
    const done = expectStep(
      await signIn.finishSetup(setup, totpFor(setup.secret).generate()),
      'signed-in',
    );
    const refreshToken = done.tokens.refreshToken ?? '';
    expect(refreshToken).not.toBe('');

    const renewed = await signIn.refresh(refreshToken);
    expect(renewed.accessToken).not.toBe(done.tokens.accessToken);
    expect(renewed.refreshToken).toBe(refreshToken);
    expect((await verifiedOrganizer(renewed.accessToken)).id).not.toBe('');

    expect(await failure(signIn.refresh('not-a-refresh-token'))).toBe('session-expired');
  });

  it('replaces a forgotten password with the mailed code and keeps the authenticator app', async () => {
    const { email, totp } = await cognito.enrolledOrganizer();

    const reset = await signIn.requestPasswordReset(email);
    expect(reset).toMatchObject({ kind: 'reset-password', account: email });
    const code = cognito.mailedCode(email);
    expect(
      await failure(signIn.resetPassword(reset, wrongCode(code), 'Another-Password-42!')),
    ).toBe('wrong-code');

    await signIn.resetPassword(reset, code, 'Another-Password-42!');

    // The new password signs in, and the app's code is still asked for; the old one is gone.
    const next = expectStep(await signIn.start(email, 'Another-Password-42!'), 'totp-code');
    expectStep(await signIn.confirmCode(next, totp.generate()), 'signed-in');
    expect(await failure(signIn.start(email, ORGANIZER_PASSWORD))).toBe('bad-credentials');
  });

  it('answers a reset for an address that is no organizer like any other', async () => {
    const reset = await signIn.requestPasswordReset('nobody@example.com');

    expect(reset).toMatchObject({ kind: 'reset-password', account: 'nobody@example.com' });
    expect(await failure(signIn.resetPassword(reset, '123456', 'Another-Password-42!'))).toBe(
      'wrong-code',
    );
  });

  it('sends an organizer whose password an administrator reset to the mailed code', async () => {
    const { email, totp } = await cognito.enrolledOrganizer();
    await cognito.resetPasswordByAdmin(email);

    expect(await failure(signIn.start(email, ORGANIZER_PASSWORD))).toBe('reset-required');
    await signIn.resetPassword(
      { kind: 'reset-password', account: email },
      cognito.mailedCode(email),
      'Another-Password-42!',
    );
    const next = expectStep(await signIn.start(email, 'Another-Password-42!'), 'totp-code');
    expectStep(await signIn.confirmCode(next, totp.generate()), 'signed-in');
  });

  it('refuses to talk to a server that is not there with unavailable', async () => {
    const nowhere = new CognitoSignIn({ ...cognito.pool, endpoint: 'http://127.0.0.1:9' });

    expect(await failure(nowhere.start('someone@example.com', ORGANIZER_PASSWORD))).toBe(
      'unavailable',
    );
  });
});

/** A six-digit code that is not the app's current one. */
function wrongCode(current: string): string {
  return current === '000000' ? '111111' : '000000';
}
