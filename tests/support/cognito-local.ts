import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CognitoPool } from '@ltc/local';
import { freePort } from '@ltc/local/free-port';
import { Secret, TOTP } from 'otpauth';

/*
 * Organizer sign-in against a Cognito-compatible server on this machine: `cognito-local` in a
 * process of its own, with a pool, the web app's client and the organizers group made as the
 * auth stack makes them in AWS.
 *
 * cognito-local lacks one thing Cognito does in a pool that requires MFA: a user with no
 * authenticator app yet is asked to set one up (the MFA_SETUP challenge) instead of being let
 * in on the password. The test double in front of it, `requiredMfaDouble`, adds that step and
 * passes everything else through; the web app talks to the double. cognito-local also lacks
 * `AdminResetUserPassword`; the double stands in for it too (`resetPasswordByAdmin`), and
 * refuses new passwords that break the pool's policy, which cognito-local does not check.
 *
 * Mail is not sent: cognito-local keeps the code it would have mailed with the user, where
 * `mailedCode` reads it.
 */

const require = createRequire(import.meta.url);
const REGION = 'local';
/** cognito-local checks no signature; the SDK still wants credentials for admin calls. */
const ADMIN_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A password that meets the pool's policy in AWS (14+ characters, four kinds). */
export const ORGANIZER_PASSWORD = 'Lightning-Talk-2026!';

export interface CognitoLocal {
  /** What the product and the web app are given: the double's endpoint and the pool. */
  readonly pool: CognitoPool;
  /** cognito-local itself, for admin calls. */
  readonly admin: CognitoIdentityProviderClient;
  /** A new organizer with a temporary password and no authenticator app, as an admin makes one. */
  newOrganizer(temporaryPassword: string): Promise<{ email: string }>;
  /** An organizer whose password an admin set for good, with no authenticator app yet. */
  organizerWithoutApp(): Promise<{ email: string }>;
  /** An organizer who has signed in before: a permanent password and an authenticator app. */
  enrolledOrganizer(): Promise<{ email: string; totp: TOTP }>;
  /**
   * What an administrator's `AdminResetUserPassword` does: mails the organizer a code, and
   * refuses their password sign-ins until a new password is set with it.
   */
  resetPasswordByAdmin(email: string): Promise<void>;
  /** The code last mailed to an organizer for a new password. */
  mailedCode(email: string): string;
  stop(): Promise<void>;
}

export async function startCognitoLocal(): Promise<CognitoLocal> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'ltc-cognito-'));
  const child = spawn(process.execPath, [require.resolve('cognito-local/lib/bin/start.js')], {
    cwd: dir,
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let double: RequiredMfaDouble | undefined;
  try {
    await readyLine(child);
    const admin = new CognitoIdentityProviderClient({
      region: REGION,
      endpoint,
      credentials: ADMIN_CREDENTIALS,
    });
    // MFA stays optional in cognito-local itself: the double requires it, as the pool in AWS does.
    const { UserPool } = await admin.send(
      new CreateUserPoolCommand({
        PoolName: 'ltc-local-organizers',
        MfaConfiguration: 'OPTIONAL',
        UsernameAttributes: ['email'],
      }),
    );
    const userPoolId = UserPool?.Id ?? '';
    const { UserPoolClient } = await admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: 'ltc-local-web',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const clientId = UserPoolClient?.ClientId ?? '';
    await admin.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: 'organizers' }));
    double = await startRequiredMfaDouble(endpoint);

    const createOrganizer = async (temporaryPassword: string) => {
      const email = `organizer-${randomUUID().slice(0, 8)}@example.com`;
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: email,
          TemporaryPassword: temporaryPassword,
          MessageAction: 'SUPPRESS',
        }),
      );
      await admin.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: userPoolId,
          Username: email,
          GroupName: 'organizers',
        }),
      );
      return { email };
    };

    const organizerWithoutApp = async () => {
      const { email } = await createOrganizer(`Temporary-${randomUUID()}!`);
      await admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: userPoolId,
          Username: email,
          Password: ORGANIZER_PASSWORD,
          Permanent: true,
        }),
      );
      return { email };
    };

    const started = double;
    return {
      pool: {
        endpoint: started.url,
        region: REGION,
        userPoolId,
        clientId,
        issuer: `${endpoint}/${userPoolId}`,
      },
      admin,
      newOrganizer: createOrganizer,
      organizerWithoutApp,
      resetPasswordByAdmin: async (email) => {
        await admin.send(new ForgotPasswordCommand({ ClientId: clientId, Username: email }));
        started.requireReset(email);
      },
      mailedCode: (email) => mailedCode(join(dir, '.cognito', 'db', `${userPoolId}.json`), email),
      enrolledOrganizer: async () => {
        const { email } = await organizerWithoutApp();
        const signedIn = await admin.send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: email, PASSWORD: ORGANIZER_PASSWORD },
          }),
        );
        const accessToken = signedIn.AuthenticationResult?.AccessToken ?? '';
        const { SecretCode } = await admin.send(
          new AssociateSoftwareTokenCommand({ AccessToken: accessToken }),
        );
        const totp = totpFor(SecretCode ?? '');
        await admin.send(
          new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totp.generate() }),
        );
        await admin.send(
          new SetUserMFAPreferenceCommand({
            AccessToken: accessToken,
            SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
          }),
        );
        return { email, totp };
      },
      stop: async () => {
        admin.destroy();
        await started.stop();
        await stopChild(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await double?.stop();
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The authenticator app of a secret, as the organizer's phone would run it. */
export function totpFor(secret: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(secret.replace(/\s/g, '')), digits: 6, period: 30 });
}

/** The auth stack's password policy, which cognito-local does not check. */
function meetsPasswordPolicy(password: string): boolean {
  return (
    password.length >= 14 &&
    /[a-z]/.test(password) &&
    /[A-Z]/.test(password) &&
    /\d/.test(password) &&
    /[^A-Za-z0-9]/.test(password)
  );
}

/** Reads cognito-local's data file of a pool for the confirmation code a user holds. */
function mailedCode(dataFile: string, email: string): string {
  const data = JSON.parse(readFileSync(dataFile, 'utf8')) as {
    Users?: Record<
      string,
      { ConfirmationCode?: string; Attributes?: { Name: string; Value: string }[] }
    >;
  };
  const user = Object.values(data.Users ?? {}).find((candidate) =>
    candidate.Attributes?.some(
      (attribute) => attribute.Name === 'email' && attribute.Value === email,
    ),
  );
  if (user?.ConfirmationCode === undefined) throw new Error(`no code was mailed to ${email}`);
  return user.ConfirmationCode;
}

interface RequiredMfaDouble {
  readonly url: string;
  /** Refuses the user's password sign-ins until a new password is set with a mailed code. */
  requireReset(username: string): void;
  stop(): Promise<void>;
}

/**
 * Test double of Cognito's "MFA required" behaviour, in front of cognito-local. A password
 * sign-in that cognito-local lets through without MFA is answered with the MFA_SETUP challenge
 * instead; `AssociateSoftwareToken` and `VerifySoftwareToken` with that challenge's session are
 * carried out with the withheld access token, and `RespondToAuthChallenge` for MFA_SETUP then
 * hands out the withheld tokens. It also stands in for the rest cognito-local lacks: users an
 * administrator reset are refused password sign-ins until they set a new password with the
 * mailed code, and new passwords must meet the pool's policy. Every other call goes through
 * unchanged.
 */
async function startRequiredMfaDouble(upstream: string): Promise<RequiredMfaDouble> {
  /** Sign-ins waiting for their app setup: session → the tokens cognito-local gave. */
  const withheld = new Map<string, Record<string, unknown>>();
  /** Users an administrator has reset, who must set a new password before signing in. */
  const resetRequired = new Set<string>();
  const port = await freePort();

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const target = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
        const forward = (payload: string) =>
          fetch(`${upstream}${request.url ?? '/'}`, {
            method: request.method ?? 'POST',
            headers: Object.fromEntries(
              Object.entries(request.headers)
                .filter(([name]) => !['host', 'content-length', 'connection'].includes(name))
                .map(([name, value]) => [name, String(value)]),
            ),
            ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body: payload }),
          });
        const send = async (answer: Response, replaced?: unknown) => {
          const headers = Object.fromEntries(
            [...answer.headers].filter(
              ([name]) => !['content-length', 'content-encoding', 'connection'].includes(name),
            ),
          );
          response.writeHead(answer.status, headers);
          response.end(replaced === undefined ? await answer.text() : JSON.stringify(replaced));
        };
        /** An answer of the double's own, as Cognito would give it. */
        const reply = (status: number, payload: unknown) => {
          response.writeHead(status, {
            'content-type': 'application/x-amz-json-1.1',
            'access-control-allow-origin': '*',
          });
          response.end(JSON.stringify(payload));
        };
        const parsed: Record<string, unknown> =
          body === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
        const session = typeof parsed.Session === 'string' ? parsed.Session : undefined;
        const held = session === undefined ? undefined : withheld.get(session);

        if (held !== undefined && target === 'AssociateSoftwareToken') {
          const answer = await forward(JSON.stringify({ AccessToken: held.AccessToken }));
          const associated = (await answer.json()) as Record<string, unknown>;
          return send(answer, answer.ok ? { ...associated, Session: session } : associated);
        }
        if (held !== undefined && target === 'VerifySoftwareToken') {
          const answer = await forward(
            JSON.stringify({ AccessToken: held.AccessToken, UserCode: parsed.UserCode }),
          );
          if (answer.ok) await setPreference(upstream, String(held.AccessToken));
          const verified = (await answer.json()) as Record<string, unknown>;
          return send(answer, answer.ok ? { ...verified, Session: session } : verified);
        }
        if (held !== undefined && target === 'RespondToAuthChallenge') {
          withheld.delete(session ?? '');
          reply(200, { ChallengeParameters: {}, AuthenticationResult: held });
          return;
        }

        const chosenPassword =
          target === 'ConfirmForgotPassword'
            ? parsed.Password
            : target === 'RespondToAuthChallenge' &&
                parsed.ChallengeName === 'NEW_PASSWORD_REQUIRED'
              ? (parsed.ChallengeResponses as Record<string, unknown> | undefined)?.NEW_PASSWORD
              : undefined;
        if (typeof chosenPassword === 'string' && !meetsPasswordPolicy(chosenPassword)) {
          reply(400, {
            __type: 'InvalidPasswordException',
            message: 'Password does not conform to policy',
          });
          return;
        }

        const parameters = parsed.AuthParameters as Record<string, unknown> | undefined;
        if (
          target === 'InitiateAuth' &&
          parsed.AuthFlow === 'USER_PASSWORD_AUTH' &&
          resetRequired.has(String(parameters?.USERNAME))
        ) {
          reply(400, {
            __type: 'PasswordResetRequiredException',
            message: 'Password reset required',
          });
          return;
        }

        const answer = await forward(body);
        if (target === 'ConfirmForgotPassword' && answer.ok) {
          resetRequired.delete(String(parsed.Username));
        }
        const passwordStep =
          (target === 'InitiateAuth' && parsed.AuthFlow === 'USER_PASSWORD_AUTH') ||
          (target === 'RespondToAuthChallenge' && parsed.ChallengeName === 'NEW_PASSWORD_REQUIRED');
        if (!answer.ok || !passwordStep) return send(answer);
        const result = (await answer.json()) as {
          AuthenticationResult?: Record<string, unknown>;
        };
        if (result.AuthenticationResult === undefined) return send(answer, result);
        const next = randomUUID();
        withheld.set(next, result.AuthenticationResult);
        return send(answer, { ChallengeName: 'MFA_SETUP', ChallengeParameters: {}, Session: next });
      })().catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    requireReset: (username) => {
      resetRequired.add(username);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/** Marks the new app as the organizer's second factor, as Cognito does when MFA_SETUP ends. */
async function setPreference(upstream: string, accessToken: string): Promise<void> {
  const client = new CognitoIdentityProviderClient({
    region: REGION,
    endpoint: upstream,
    credentials: ADMIN_CREDENTIALS,
  });
  try {
    await client.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
  } finally {
    client.destroy();
  }
}

async function readyLine(child: ChildProcess): Promise<void> {
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`cognito-local did not start within 20 s:\n${output}`));
    }, 20_000);
    const onData = (data: Buffer) => {
      output += data.toString('utf8');
      if (output.includes('Cognito Local running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cognito-local exited with ${String(code)}:\n${output}`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGTERM');
  });
}
