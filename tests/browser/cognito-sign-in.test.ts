import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  CognitoSignIn,
  type CognitoTokens,
} from '../../packages/web/src/organizer/cognito-sign-in.js';
import { useBrowserSession } from '../support/browser.js';
import {
  ORGANIZER_PASSWORD,
  startCognitoLocal,
  totpFor,
  type CognitoLocal,
} from '../support/cognito-local.js';

/*
 * Organizer sign-in as on a stage in AWS: `/config.json` names a Cognito user pool, and the web
 * app signs in against the pool's API from the browser, with the authenticator app's code as
 * the second factor. cognito-local stands in for Cognito, behind the test double that makes
 * MFA required; the API accepts only the pool's tokens.
 */

let cognito: CognitoLocal | undefined;
beforeAll(async () => {
  cognito = await startCognitoLocal();
}, 60_000);
afterAll(async () => {
  await cognito?.stop();
});

function pool(): CognitoLocal {
  if (cognito === undefined) throw new Error('cognito-local did not start');
  return cognito;
}

const { openPage } = useBrowserSession(undefined, () => ({ cognito: pool().pool }));

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
}

/** The organizer's session as the web app stored it in this tab. */
function storedSession(page: Page): Promise<string | null> {
  return page.evaluate<string | null>("sessionStorage.getItem('ltc.organizer.session')");
}

/** An organizer signed in outside the browser, with tokens the web app could have stored. */
async function signedInOrganizer(): Promise<{ email: string; tokens: CognitoTokens }> {
  // cognito-local keeps the refresh tokens of password sign-ins only: the app setup gives one.
  const { email } = await pool().organizerWithoutApp();
  const signIn = new CognitoSignIn(pool().pool);
  const setup = await signIn.start(email, ORGANIZER_PASSWORD);
  if (setup.kind !== 'totp-setup') throw new Error(`expected app setup, got ${setup.kind}`);
  const done = await signIn.finishSetup(setup, totpFor(setup.secret).generate());
  if (done.kind !== 'signed-in') throw new Error(`expected tokens, got ${done.kind}`);
  return { email, tokens: done.tokens };
}

/**
 * An English page whose tab holds an organizer's session with the access token expired, as a
 * page script stores it before every load; and the origin its renewal goes to.
 */
async function pageWithExpiredSession() {
  const { email, tokens } = await signedInOrganizer();
  const expired = JSON.stringify({ ...tokens, expiresAt: Date.now() - 1000, name: email });
  const page = await openPage({
    language: 'en',
    initScript: `sessionStorage.setItem('ltc.organizer.session', ${JSON.stringify(expired)});`,
  });
  return { email, tokens, page, cognitoOrigin: new URL(pool().pool.endpoint).origin };
}

async function enterPassword(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/organizer');
  await page.waitForURL('**/organizer/sign-in');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Next' }).click();
}

describe('organizer sign-in with a Cognito user pool', () => {
  it('takes a new organizer through a new password and the authenticator app to the console', async () => {
    const { email } = await pool().newOrganizer('Temporary-Pass-789!');
    const page = await openPage({ language: 'en' });

    await enterPassword(page, email, 'Temporary-Pass-789!');
    const newPasswordHeading = page.getByRole('heading', { name: 'Choose a new password' });
    await newPasswordHeading.waitFor();
    expect(await page.evaluate<string | undefined>('document.activeElement?.textContent')).toBe(
      'Choose a new password',
    );
    await page.getByLabel('New password').fill('Short-Pass-1!');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('That password was not accepted.', { exact: false }).waitFor();
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe(
      'newPassword',
    );
    expect(await page.getByLabel('New password').inputValue()).toBe('');
    await page.getByLabel('New password').fill(ORGANIZER_PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();

    await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
    const qr = page.getByRole('img', { name: 'QR code of the key for the authenticator app' });
    await qr.waitFor();
    expect(
      await page.evaluate<number>("document.querySelector('img.totp-qr').naturalWidth"),
    ).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    const secret = (await page.locator('.totp-secret').textContent()) ?? '';
    await page.getByLabel('Code').fill(totpFor(secret).generate());
    await page.getByRole('button', { name: 'Confirm and sign in' }).click();

    await page.getByText(`Signed in as ${email}`).waitFor();
    await page.locator('.event-card').first().waitFor();
    expect(JSON.parse((await storedSession(page)) ?? '{}')).toMatchObject({
      accessToken: expect.any(String) as unknown,
      refreshToken: expect.any(String) as unknown,
      name: email,
    });
    expect(await page.evaluate('Object.keys(localStorage)')).toEqual(['ltc.language']);
  });

  it('asks for the code at every sign-in, refuses a wrong one, and signs out', async () => {
    const { email, totp } = await pool().enrolledOrganizer();
    const page = await openPage({ language: 'en' });

    await enterPassword(page, email, 'Not-the-password-1!');
    await page.getByText('Wrong username or password.').waitFor();
    await page.getByLabel('Password').fill(ORGANIZER_PASSWORD);
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('heading', { name: 'Code from your authenticator app' }).waitFor();
    await page.getByLabel('Code').fill('12345');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter the 6 digits of the code.').waitFor();
    const current = totp.generate();
    await page.getByLabel('Code').fill(current === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That code is not right.', { exact: false }).waitFor();
    // The emptied field takes the focus back, ready for the next code.
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('code');
    await expectNoAxeViolations(page);

    // The step stays, for the next code; had Cognito ended its session, the password would come
    // first again.
    await page.getByLabel('Code').fill(totp.generate());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`Signed in as ${email}`).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    expect(await storedSession(page)).toBeNull();
    await page.goto('/organizer');
    await page.waitForURL('**/organizer/sign-in');
  });

  it('renews an expired access token with the refresh token, without asking to sign in', async () => {
    const { email, tokens, page } = await pageWithExpiredSession();

    await page.goto('/organizer');
    await page.getByText(`Signed in as ${email}`).waitFor();
    await page.locator('.event-card').first().waitFor();
    const renewed = JSON.parse((await storedSession(page)) ?? '{}') as {
      accessToken?: string;
      expiresAt?: number;
    };
    expect(renewed.accessToken).not.toBe(tokens.accessToken);
    expect(renewed.expiresAt).toBeGreaterThan(Date.now());
  });

  it('keeps the session when Cognito cannot be reached for a renewal, and renews once it can', async () => {
    const { page, cognitoOrigin } = await pageWithExpiredSession();
    await page.route(
      (url) => url.origin === cognitoOrigin,
      (route) => route.abort('connectionfailed'),
    );

    await page.goto('/organizer');
    await page.getByText('Could not reach the server.', { exact: false }).first().waitFor();
    expect(await storedSession(page)).not.toBeNull();

    await page.unrouteAll();
    await page.reload();
    await page.locator('.event-card').first().waitFor();
  });

  it('stays signed out when a renewal answers after signing out', async () => {
    const { page, cognitoOrigin } = await pageWithExpiredSession();
    // Cognito's answer to the renewal is held back until the organizer has signed out.
    let releaseRenewal: (() => void) | undefined;
    let renewalAnswered: Promise<void> | undefined;
    const renewalHeld = new Promise<void>((held) => {
      void page.route(
        (url) => url.origin === cognitoOrigin,
        async (route) => {
          if (!(route.request().postData() ?? '').includes('REFRESH_TOKEN_AUTH')) {
            await route.continue();
            return;
          }
          const answer = await route.fetch();
          const released = new Promise<void>((release) => {
            releaseRenewal = release;
          });
          renewalAnswered = released.then(() => route.fulfill({ response: answer }));
          held();
        },
      );
    });

    await page.goto('/organizer');
    await renewalHeld;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    releaseRenewal?.();
    await renewalAnswered;
    // Give the page's handling of the answer a moment to run (or, as it must, not to store it).
    await page.evaluate('new Promise((done) => setTimeout(done, 200))');

    // (A new page load would run the script that stored the session again: the check stays here.)
    expect(await storedSession(page)).toBeNull();
    expect(new URL(page.url()).pathname).toBe('/organizer/sign-in');
    await page.getByText('You are signed out.').waitFor();
  });

  it('replaces a forgotten password with a mailed code, then asks for the app as before', async () => {
    const { email, totp } = await pool().enrolledOrganizer();
    const page = await openPage({ language: 'en' });

    await page.goto('/organizer/sign-in');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password' }).waitFor();
    expect(await page.getByLabel('E-mail address').inputValue()).toBe(email);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Send code' }).click();

    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.getByText('A code has been sent', { exact: false }).waitFor();
    // The account is shown, read-only, for the organizer and for password managers.
    const account = page.getByLabel('E-mail address');
    expect([await account.inputValue(), await account.getAttribute('autocomplete')]).toEqual([
      email,
      'username',
    ]);
    expect(await account.isEditable()).toBe(false);
    await expectNoAxeViolations(page);
    const code = pool().mailedCode(email);
    await page.getByLabel('Code from the e-mail').fill(code === '000000' ? '111111' : '000000');
    await page.getByLabel('New password').fill('Another-Password-42!');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page
      .getByText('That code is not right. Check the latest e-mail', { exact: false })
      .waitFor();

    // A password the policy refuses keeps the accepted code, for another password.
    await page.getByLabel('Code from the e-mail').fill(code);
    await page.getByLabel('New password').fill('too-weak');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('That password was not accepted.', { exact: false }).waitFor();
    expect(await page.getByLabel('Code from the e-mail').inputValue()).toBe(code);
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe(
      'newPassword',
    );
    await page.getByLabel('New password').fill('Another-Password-42!');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('heading', { name: 'Code from your authenticator app' }).waitFor();
    await page.getByText('Your password was changed.', { exact: false }).waitFor();
    await page.getByLabel('Code').fill(totp.generate());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`Signed in as ${email}`).waitFor();
  });

  it('leads an organizer whose password an administrator reset to the mailed code, in Japanese', async () => {
    const { email, totp } = await pool().enrolledOrganizer();
    await pool().resetPasswordByAdmin(email);
    const firstCode = pool().mailedCode(email);
    const page = await openPage();

    await page.goto('/organizer/sign-in');
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByLabel('パスワード').fill(ORGANIZER_PASSWORD);
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('heading', { name: 'パスワードの再設定' }).waitFor();
    await page.getByText('パスワードの再設定が必要です。', { exact: false }).waitFor();
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'コードを再送信' }).click();
    await page.getByText(`${email} にコードをお送りしました。`).waitFor();
    const code = pool().mailedCode(email);
    expect(code).not.toBe(firstCode);
    await page.getByLabel('メールに記載のコード').fill(code);
    await page.getByLabel('新しいパスワード').fill('Another-Password-42!');
    await page.getByRole('button', { name: 'パスワードを設定' }).click();
    await page.getByRole('heading', { name: '認証アプリのコード' }).waitFor();
    await page.getByLabel('確認コード').fill(totp.generate());
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.locator('.event-card').first().waitFor();
  });

  it('speaks Japanese by default at every step', async () => {
    const { email } = await pool().organizerWithoutApp();
    const page = await openPage();

    await page.goto('/organizer/sign-in');
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByLabel('パスワード').fill(ORGANIZER_PASSWORD);
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('heading', { name: '認証アプリの設定' }).waitFor();
    await expectNoAxeViolations(page);
  });
});
