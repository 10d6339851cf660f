import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

import { ORGANIZERS_GROUP } from '@ltc/domain';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  type CryptoKey,
} from 'jose';
import { z } from 'zod';

/** The app client id the local issuer puts into its tokens, as a Cognito app client would. */
export const LOCAL_CLIENT_ID = 'ltc-local-web';
/** How long a local access token lives, as Cognito's default. */
export const TOKEN_LIFETIME_SECONDS = 3600;

const localUser = z.object({
  sub: z.string(),
  username: z.string(),
  groups: z.array(z.string()),
  salt: z.string(),
  passwordHash: z.string(),
});
/** A user the local issuer can sign in. */
type LocalUser = z.infer<typeof localUser>;

const demoOrganizer = z.object({ username: z.string(), password: z.string() });
export type DemoOrganizer = z.infer<typeof demoOrganizer>;

const issuerState = z.object({
  kid: z.string(),
  privateJwk: z.looseObject({ kty: z.literal('RSA'), n: z.string(), e: z.string(), d: z.string() }),
  users: z.array(localUser),
  demoOrganizer,
});
type IssuerState = z.infer<typeof issuerState>;

export interface MintOptions {
  readonly sub?: string;
  readonly username?: string;
  readonly groups?: readonly string[];
  /** Seconds until expiry; negative for a token that has already expired. */
  readonly expiresIn?: number;
  readonly clientId?: string;
  readonly tokenUse?: string;
  readonly issuer?: string;
}

/**
 * A stand-in for Cognito on one machine: it signs organizers in with a password and issues
 * RS256 access tokens shaped like Cognito's (`token_use`, `client_id`, `cognito:groups`), so
 * the API verifies them with the very checks it uses in AWS.
 *
 * Limitation: the local issuer asks for a password only. Organizer MFA is enforced by the
 * Cognito user pool in AWS; locally there is no second factor.
 */
export class LocalIssuer {
  private constructor(
    readonly issuer: string,
    private readonly privateKey: CryptoKey,
    private readonly kid: string,
    readonly jwks: JSONWebKeySet,
    private readonly users: readonly LocalUser[],
    readonly demoOrganizer: DemoOrganizer,
  ) {}

  /**
   * Loads the signing key and the demo organizer from `dir`, creating them on the first run;
   * without `dir` both live in memory only (tests).
   */
  static async open(options: {
    readonly issuer: string;
    readonly dir?: string;
  }): Promise<LocalIssuer> {
    const stored = options.dir === undefined ? undefined : readState(options.dir);
    const state = stored ?? (await newState());
    if (options.dir !== undefined && stored === undefined) writeState(options.dir, state);

    const privateKey = await importJWK(state.privateJwk, 'RS256');
    // The public half of an RSA JWK is its modulus and exponent.
    const publicJwk = { kty: 'RSA', n: state.privateJwk.n, e: state.privateJwk.e };
    return new LocalIssuer(
      options.issuer,
      privateKey,
      state.kid,
      { keys: [{ ...publicJwk, kid: state.kid, alg: 'RS256', use: 'sig' }] },
      state.users,
      state.demoOrganizer,
    );
  }

  /** The issuer's public keys, for the API's token verifier. */
  keySource(): JWTVerifyGetKey {
    return createLocalJWKSet(this.jwks);
  }

  /** Signs a user in; answers undefined when the username or password is wrong. */
  async signIn(username: string, password: string): Promise<string | undefined> {
    const user = this.users.find((candidate) => candidate.username === username);
    const hash = scryptSync(password, user?.salt ?? 'no-such-user', 32);
    const expected = Buffer.from(user?.passwordHash ?? hash.toString('hex'), 'hex');
    if (user === undefined || !timingSafeEqual(hash, expected)) return undefined;
    return this.mint({ sub: user.sub, username: user.username, groups: user.groups });
  }

  /** Issues an access token; tests use it to make expired, foreign or group-less tokens. */
  async mint(options: MintOptions = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = options.expiresIn ?? TOKEN_LIFETIME_SECONDS;
    return new SignJWT({
      token_use: options.tokenUse ?? 'access',
      client_id: options.clientId ?? LOCAL_CLIENT_ID,
      username: options.username ?? 'organizer',
      'cognito:groups': [...(options.groups ?? [ORGANIZERS_GROUP])],
      scope: 'aws.cognito.signin.user.admin',
      auth_time: now,
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid })
      .setSubject(options.sub ?? randomUUID())
      .setIssuer(options.issuer ?? this.issuer)
      .setIssuedAt(Math.min(now, now + expiresIn - 1))
      .setExpirationTime(now + expiresIn)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }
}

async function newState(): Promise<IssuerState> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const demoOrganizer = { username: 'organizer', password: randomBytes(12).toString('base64url') };
  const privateJwk = await exportJWK(privateKey);
  return {
    kid: randomUUID(),
    privateJwk: {
      ...privateJwk,
      kty: 'RSA',
      n: privateJwk.n ?? '',
      e: privateJwk.e ?? '',
      d: privateJwk.d ?? '',
    },
    users: [newUser(demoOrganizer, [ORGANIZERS_GROUP])],
    demoOrganizer,
  };
}

function newUser(credentials: DemoOrganizer, groups: readonly string[]): LocalUser {
  const salt = randomBytes(16).toString('hex');
  return {
    sub: randomUUID(),
    username: credentials.username,
    groups: [...groups],
    salt,
    passwordHash: scryptSync(credentials.password, salt, 32).toString('hex'),
  };
}

const STATE_FILE = 'local-issuer.json';

function readState(dir: string): IssuerState | undefined {
  const file = join(dir, STATE_FILE);
  if (!existsSync(file)) return undefined;
  const parsed = issuerState.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `${file} is damaged (${parsed.error.message}); delete it to create a new key and demo organizer`,
    );
  }
  return parsed.data;
}

function writeState(dir: string, state: IssuerState): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, STATE_FILE), JSON.stringify(state, null, 2), { mode: 0o600 });
}
