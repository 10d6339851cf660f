import {
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  VerifySoftwareTokenCommand,
  type AuthenticationResultType,
  type ChallengeNameType,
} from '@aws-sdk/client-cognito-identity-provider';

/** Where the organizer user pool is, as `/config.json` gives it. */
export interface CognitoSettings {
  readonly region: string;
  readonly userPoolId: string;
  /** The web app's client of the pool (public: it has no secret). */
  readonly clientId: string;
  /** Another endpoint than Cognito's own, such as a Cognito-compatible server on this machine. */
  readonly endpoint?: string | undefined;
}

/** What a finished sign-in gives the web app. */
export interface CognitoTokens {
  readonly accessToken: string;
  /** When the access token expires, in milliseconds since the epoch. */
  readonly expiresAt: number;
  /** Trades for a new access token while it lasts; absent when Cognito gave none back. */
  readonly refreshToken?: string | undefined;
}

/**
 * Where a sign-in stands. Each step but the last carries Cognito's `session`, which is good
 * for a few minutes; the organizer's next answer goes with it.
 */
export type SignInStep =
  | { readonly kind: 'signed-in'; readonly tokens: CognitoTokens }
  /** The first sign-in with a temporary password: a new one must be chosen. */
  | ({ readonly kind: 'new-password' } & PendingSignIn)
  /** The code of the authenticator app the organizer set up earlier. */
  | ({ readonly kind: 'totp-code' } & PendingSignIn)
  /** No authenticator app yet: add this secret to one, then give its first code. */
  | ({
      readonly kind: 'totp-setup';
      /** The shared secret in base32, as Cognito gives it and authenticator apps take it. */
      readonly secret: string;
      /** The same secret as an `otpauth://` URI, what the QR code holds. */
      readonly otpauthUri: string;
    } & PendingSignIn);

/**
 * A forgotten password being replaced: Cognito has mailed a code to the organizer, and the code
 * with a new password finishes it. No session: the code is good for an hour.
 */
export interface PasswordReset {
  readonly kind: 'reset-password';
  /** The e-mail address the organizer signs in with. */
  readonly account: string;
  /** Where the code went, masked by Cognito (`o***@e***`); absent when Cognito did not say. */
  readonly destination?: string | undefined;
}

/** A sign-in between two steps. */
interface PendingSignIn {
  /** Cognito's own name of the user, which its later answers need. */
  readonly username: string;
  /** What the organizer typed to sign in (the e-mail address), for the authenticator app's label. */
  readonly account: string;
  readonly session: string;
}

/** Why a step failed, in terms the sign-in page can explain. */
export type SignInFailure =
  | 'bad-credentials'
  | 'wrong-code'
  | 'weak-password'
  | 'session-expired'
  | 'too-many-attempts'
  | 'reset-required'
  | 'code-expired'
  | 'reset-not-allowed'
  | 'unavailable';

/** What a call to Cognito was for, which decides what its refusal means. */
export type SignInOperation =
  | 'sign-in'
  | 'new-password'
  | 'code'
  | 'app-setup'
  | 'refresh'
  | 'revoke'
  | 'request-reset'
  | 'confirm-reset';

export class SignInError extends Error {
  constructor(
    readonly reason: SignInFailure,
    cause?: unknown,
  ) {
    super(`sign-in failed: ${reason}`, { cause });
    this.name = 'SignInError';
  }
}

/** The name authenticator apps show next to the code. */
const TOTP_ISSUER = 'Lightning Talk Circle';
/** When Cognito gives no lifetime and the token cannot be read: Cognito's default hour. */
const DEFAULT_LIFETIME_SECONDS = 3600;

/**
 * Signs an organizer in against the Cognito user pool with the pool's own API: the password
 * (`USER_PASSWORD_AUTH`, over TLS to Cognito only), then a new password on the first sign-in,
 * then a TOTP code from an authenticator app, set up on the spot when the organizer has none
 * yet (the pool requires MFA). A forgotten password is replaced with a code Cognito mails. It
 * also renews the access token with the refresh token and revokes that token on sign-out.
 */
export class CognitoSignIn {
  private readonly client: CognitoIdentityProviderClient;

  constructor(private readonly settings: CognitoSettings) {
    this.client = new CognitoIdentityProviderClient({
      region: settings.region,
      ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
      // Sign-in calls carry no AWS signature; a retried wrong code would count twice against
      // the organizer, so a failed call is answered, not retried.
      maxAttempts: 1,
    });
  }

  /** The first step: username (the organizer's e-mail address) and password. */
  async start(username: string, password: string): Promise<SignInStep> {
    const answer = await this.call(
      () =>
        this.client.send(
          new InitiateAuthCommand({
            ClientId: this.settings.clientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: username, PASSWORD: password },
          }),
        ),
      'sign-in',
    );
    return this.next(username, answer);
  }

  /** Answers the first sign-in's request for a new password. */
  async setNewPassword(
    step: Extract<SignInStep, { kind: 'new-password' }>,
    newPassword: string,
  ): Promise<SignInStep> {
    const answer = await this.respond(step, 'NEW_PASSWORD_REQUIRED', {
      NEW_PASSWORD: newPassword,
    });
    return this.next(step.account, answer);
  }

  /** Answers the request for the authenticator app's current code. */
  async confirmCode(
    step: Extract<SignInStep, { kind: 'totp-code' }>,
    code: string,
  ): Promise<SignInStep> {
    const answer = await this.respond(step, 'SOFTWARE_TOKEN_MFA', {
      SOFTWARE_TOKEN_MFA_CODE: code,
    });
    return this.next(step.account, answer);
  }

  /** Proves the new authenticator app works with its first code, which completes the setup. */
  async finishSetup(
    step: Extract<SignInStep, { kind: 'totp-setup' }>,
    code: string,
  ): Promise<SignInStep> {
    const verified = await this.call(
      () =>
        this.client.send(
          new VerifySoftwareTokenCommand({
            Session: step.session,
            UserCode: code,
            FriendlyDeviceName: TOTP_ISSUER,
          }),
        ),
      'code',
    );
    if (verified.Status !== 'SUCCESS' || verified.Session === undefined) {
      throw new SignInError('wrong-code');
    }
    const answer = await this.respond({ ...step, session: verified.Session }, 'MFA_SETUP', {});
    return this.next(step.account, answer);
  }

  /**
   * Mails the organizer a code for a new password. Cognito answers the same whether or not the
   * address belongs to an organizer, so a stranger learns nothing from it.
   */
  async requestPasswordReset(account: string): Promise<PasswordReset> {
    try {
      const answer = await this.client.send(
        new ForgotPasswordCommand({ ClientId: this.settings.clientId, Username: account }),
      );
      return {
        kind: 'reset-password',
        account,
        destination: answer.CodeDeliveryDetails?.Destination,
      };
    } catch (error) {
      // Cognito itself hides unknown users here; a compatible server may not.
      if (error instanceof Error && error.name === 'UserNotFoundException') {
        return { kind: 'reset-password', account };
      }
      throw new SignInError(failureOf('request-reset', error), error);
    }
  }

  /**
   * Sets the new password with the mailed code. Signing in with it follows as usual
   * ({@link start}), app code included: a reset replaces the password, never the second factor.
   */
  async resetPassword(reset: PasswordReset, code: string, newPassword: string): Promise<void> {
    await this.call(
      () =>
        this.client.send(
          new ConfirmForgotPasswordCommand({
            ClientId: this.settings.clientId,
            Username: reset.account,
            ConfirmationCode: code,
            Password: newPassword,
          }),
        ),
      'confirm-reset',
    );
  }

  /** A new access token for a refresh token; fails with `session-expired` once it is spent. */
  async refresh(refreshToken: string): Promise<CognitoTokens> {
    const answer = await this.call(
      () =>
        this.client.send(
          new InitiateAuthCommand({
            ClientId: this.settings.clientId,
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: { REFRESH_TOKEN: refreshToken },
          }),
        ),
      'refresh',
    );
    if (answer.AuthenticationResult === undefined) throw new SignInError('session-expired');
    // Cognito keeps the refresh token it was given unless it rotates it.
    return tokensOf(answer.AuthenticationResult, refreshToken);
  }

  /** Ends the refresh token at Cognito, so a copy of it cannot be used after sign-out. */
  async revoke(refreshToken: string): Promise<void> {
    await this.call(
      () =>
        this.client.send(
          new RevokeTokenCommand({ ClientId: this.settings.clientId, Token: refreshToken }),
        ),
      'revoke',
    );
  }

  private async respond(
    step: { readonly username: string; readonly session: string },
    challenge: ChallengeNameType,
    responses: Record<string, string>,
  ) {
    return this.call(
      () =>
        this.client.send(
          new RespondToAuthChallengeCommand({
            ClientId: this.settings.clientId,
            ChallengeName: challenge,
            Session: step.session,
            ChallengeResponses: { USERNAME: step.username, ...responses },
          }),
        ),
      challenge === 'NEW_PASSWORD_REQUIRED' ? 'new-password' : 'code',
    );
  }

  /** Turns Cognito's answer into the next step, setting up an authenticator app when asked. */
  private async next(
    account: string,
    answer: {
      ChallengeName?: ChallengeNameType | undefined;
      ChallengeParameters?: Record<string, string> | undefined;
      Session?: string | undefined;
      AuthenticationResult?: AuthenticationResultType | undefined;
    },
  ): Promise<SignInStep> {
    if (answer.AuthenticationResult !== undefined) {
      return { kind: 'signed-in', tokens: tokensOf(answer.AuthenticationResult) };
    }
    const session = answer.Session;
    if (session === undefined) throw new SignInError('unavailable');
    // Cognito names the user by its internal username in later answers; the e-mail address
    // the organizer typed is only an alias of it.
    const username = answer.ChallengeParameters?.USER_ID_FOR_SRP ?? account;

    switch (answer.ChallengeName) {
      case 'NEW_PASSWORD_REQUIRED':
        return { kind: 'new-password', username, account, session };
      case 'SOFTWARE_TOKEN_MFA':
        return { kind: 'totp-code', username, account, session };
      case 'SELECT_MFA_TYPE': {
        // The pool offers TOTP only, so that is the choice.
        const chosen = await this.respond({ username, session }, 'SELECT_MFA_TYPE', {
          ANSWER: 'SOFTWARE_TOKEN_MFA',
        });
        return this.next(account, chosen);
      }
      case 'MFA_SETUP': {
        const associated = await this.call(
          () => this.client.send(new AssociateSoftwareTokenCommand({ Session: session })),
          'app-setup',
        );
        if (associated.SecretCode === undefined || associated.Session === undefined) {
          throw new SignInError('unavailable');
        }
        return {
          kind: 'totp-setup',
          username,
          account,
          session: associated.Session,
          secret: associated.SecretCode,
          otpauthUri: otpauthUri(account, associated.SecretCode),
        };
      }
      default:
        throw new SignInError('unavailable');
    }
  }

  /** Runs one Cognito call and turns its failure into a {@link SignInFailure}. */
  private async call<T>(request: () => Promise<T>, operation: SignInOperation): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw new SignInError(failureOf(operation, error), error);
    }
  }
}

/** What a refusal that is none of the known ones means: what the step asked for was wrong. */
const REFUSAL: Record<SignInOperation, SignInFailure> = {
  'sign-in': 'bad-credentials',
  'new-password': 'weak-password',
  code: 'wrong-code',
  'app-setup': 'session-expired',
  refresh: 'session-expired',
  revoke: 'session-expired',
  'request-reset': 'reset-not-allowed',
  'confirm-reset': 'wrong-code',
};

/** Why a Cognito call failed, in the sign-in's terms; the same error name can mean different things. */
export function failureOf(operation: SignInOperation, error: unknown): SignInFailure {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : '';
  switch (name) {
    case 'CodeMismatchException':
    case 'EnableSoftwareTokenMFAException':
      return 'wrong-code';
    case 'ExpiredCodeException':
      // A mailed code past its hour; at a sign-in, an authenticator code that was used already.
      return operation === 'confirm-reset' ? 'code-expired' : 'wrong-code';
    case 'InvalidPasswordException':
      // At the first step a wrong password; when choosing one, a password the policy refuses.
      return operation === 'sign-in' ? 'bad-credentials' : 'weak-password';
    case 'InvalidParameterException':
      // A new password Cognito will not even check (too short, spaces at either end), or an
      // account without a verified address to mail a code to.
      if (operation === 'new-password' || operation === 'confirm-reset') return 'weak-password';
      return operation === 'request-reset' ? 'reset-not-allowed' : 'unavailable';
    case 'NotAuthorizedException':
      if (/attempts exceeded/i.test(message)) return 'too-many-attempts';
      // At the first step: wrong username or password. For a reset: an account still on its
      // temporary password, or disabled. Later: the step's session has expired or been used.
      if (operation === 'sign-in') return 'bad-credentials';
      if (operation === 'request-reset' || operation === 'confirm-reset') {
        return 'reset-not-allowed';
      }
      return 'session-expired';
    case 'UserNotFoundException':
      return operation === 'confirm-reset' ? 'wrong-code' : 'bad-credentials';
    case 'PasswordResetRequiredException':
      return 'reset-required';
    case 'TooManyRequestsException':
    case 'TooManyFailedAttemptsException':
    case 'LimitExceededException':
      return 'too-many-attempts';
    default:
      return error instanceof Error && '$fault' in error && error.$fault === 'client'
        ? REFUSAL[operation]
        : 'unavailable';
  }
}

function tokensOf(result: AuthenticationResultType, keptRefreshToken?: string): CognitoTokens {
  const accessToken = result.AccessToken;
  if (accessToken === undefined) throw new SignInError('unavailable');
  const refreshToken = result.RefreshToken ?? keptRefreshToken;
  return {
    accessToken,
    expiresAt: expiryOf(accessToken, result.ExpiresIn),
    ...(refreshToken === undefined ? {} : { refreshToken }),
  };
}

/**
 * When the access token expires, on this device's clock, which may differ from Cognito's: now
 * plus the token's lifetime, as Cognito's `ExpiresIn` names it or, when it is not given, as the
 * token's own claims say (`exp` minus `iat`, read without checking the signature; the API
 * checks it).
 */
export function expiryOf(accessToken: string, expiresIn: number | undefined): number {
  return (
    Date.now() + (expiresIn ?? lifetimeClaimed(accessToken) ?? DEFAULT_LIFETIME_SECONDS) * 1000
  );
}

function lifetimeClaimed(accessToken: string): number | undefined {
  try {
    const payload = accessToken.split('.')[1] ?? '';
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const claims: unknown = JSON.parse(atob(base64));
    if (
      typeof claims === 'object' &&
      claims !== null &&
      'exp' in claims &&
      'iat' in claims &&
      typeof claims.exp === 'number' &&
      typeof claims.iat === 'number' &&
      claims.exp > claims.iat
    ) {
      return claims.exp - claims.iat;
    }
  } catch {
    // Not a readable JWT.
  }
  return undefined;
}

/** The key URI format authenticator apps read from a QR code. */
export function otpauthUri(account: string, secret: string): string {
  // Percent-encoding throughout: some apps show a `+` for a space literally.
  const label = `${encodeURIComponent(TOTP_ISSUER)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(TOTP_ISSUER)}`;
}
