import { createContext, use, useCallback, useMemo, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';

import { ApiError, hasStatus } from '../api/client.js';
import { loadAuthConfig } from '../api/site-config.js';
import type { SignInResult } from '../api/types.js';

const STORAGE_KEY = 'ltc.organizer.session';
/** Treat a token as gone a little before it expires, so a request never races its expiry. */
const EXPIRY_MARGIN_MS = 30_000;

/** What a sign-in leaves behind, whichever way the organizer signed in. */
export interface SessionTokens {
  accessToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** Cognito's refresh token, which renews the access token; the local sign-in has none. */
  refreshToken?: string | undefined;
}

interface StoredSession extends SessionTokens {
  /** What the organizer typed to sign in, shown as who is signed in. */
  name?: string | undefined;
}

/**
 * The organizer's tokens live in sessionStorage: they survive a reload but not the end of the
 * tab, and they are never written to localStorage or a cookie.
 */
function readStoredSession(): StoredSession | undefined {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (raw === null) return undefined;
    const parsed: unknown = JSON.parse(raw);
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'accessToken' in parsed &&
      'expiresAt' in parsed &&
      typeof parsed.accessToken === 'string' &&
      typeof parsed.expiresAt === 'number'
    ) {
      const refreshToken =
        'refreshToken' in parsed && typeof parsed.refreshToken === 'string'
          ? parsed.refreshToken
          : undefined;
      const name = 'name' in parsed && typeof parsed.name === 'string' ? parsed.name : undefined;
      return { accessToken: parsed.accessToken, expiresAt: parsed.expiresAt, refreshToken, name };
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** What tells one session from another: its refresh token, which renewals keep, if it has one. */
function sessionKey(session: SessionTokens | undefined): string | undefined {
  return session === undefined ? undefined : (session.refreshToken ?? session.accessToken);
}

function isFresh(session: SessionTokens): boolean {
  return session.expiresAt - EXPIRY_MARGIN_MS > Date.now();
}

/** Whether a session is there that gives, or can renew, an access token. */
function hasUsableSession(): boolean {
  const session = readStoredSession();
  return session !== undefined && (isFresh(session) || session.refreshToken !== undefined);
}

/** Who signed in, as they typed it; undefined when that is not known. */
export function signedInName(): string | undefined {
  return readStoredSession()?.name;
}

/** Keeps the tokens of a finished sign-in; `name` is what the organizer typed to sign in. */
export function saveSession(tokens: SessionTokens, name?: string): void {
  const session: StoredSession = { ...tokens, name: name ?? readStoredSession()?.name };
  window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

/** The tokens of the local sign-in, which answers with a lifetime in seconds. */
export function localSession(result: SignInResult): SessionTokens {
  return { accessToken: result.accessToken, expiresAt: Date.now() + result.expiresIn * 1000 };
}

export function clearSession(): void {
  try {
    window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored means nothing to clear.
  }
}

/** The renewal under way, shared by every call that asks meanwhile, with the token it trades. */
let renewal: { refreshToken: string; accessToken: Promise<string | undefined> } | undefined;

/**
 * A current access token: the stored one while it lasts, else one renewed with the refresh
 * token (once, however many calls ask at the same moment). Undefined when there is none and
 * the organizer has to sign in again.
 */
async function currentAccessToken(): Promise<string | undefined> {
  const session = readStoredSession();
  if (session === undefined) return undefined;
  if (isFresh(session)) return session.accessToken;
  const refreshToken = session.refreshToken;
  if (refreshToken === undefined) return undefined;
  if (renewal?.refreshToken !== refreshToken) {
    const started = {
      refreshToken,
      accessToken: renew(refreshToken).finally(() => {
        if (renewal === started) renewal = undefined;
      }),
    };
    renewal = started;
  }
  return renewal.accessToken;
}

/**
 * Trades the refresh token for a new access token. Undefined when Cognito refuses it (spent,
 * revoked), or when the session it belonged to has ended meanwhile (signed out, or replaced by
 * another sign-in): its answer is then dropped. A Cognito that cannot be reached fails like an
 * API call that cannot, and the session stays for the next try.
 */
async function renew(refreshToken: string): Promise<string | undefined> {
  let renewed: SessionTokens | undefined;
  try {
    renewed = await (await cognitoSignIn())?.refresh(refreshToken);
  } catch (error) {
    if (isRefusal(error)) return undefined;
    throw new ApiError({ status: 0, code: 'network-error', title: 'Network error' });
  }
  if (renewed === undefined || readStoredSession()?.refreshToken !== refreshToken) {
    return undefined;
  }
  saveSession(renewed);
  return renewed.accessToken;
}

/**
 * Whether Cognito turned the refresh token down, as opposed to not answering. Told by the
 * error's name and reason, so the Cognito client stays out of this module's bundle.
 */
function isRefusal(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'SignInError' || !('reason' in error)) {
    return false;
  }
  return error.reason !== 'unavailable' && error.reason !== 'too-many-attempts';
}

/** The Cognito sign-in of this stage, loaded on first use; undefined where it is not Cognito. */
async function cognitoSignIn() {
  const auth = await loadAuthConfig();
  if (auth.kind !== 'cognito') return undefined;
  const { CognitoSignIn } = await import('./cognito-sign-in.js');
  return new CognitoSignIn(auth);
}

/**
 * Forgets the session in this tab and, with Cognito, revokes its refresh token so that a copy
 * cannot renew it. The tab forgets it even when Cognito cannot be reached.
 */
async function endSession(): Promise<void> {
  const refreshToken = readStoredSession()?.refreshToken;
  clearSession();
  if (refreshToken === undefined) return;
  try {
    await (await cognitoSignIn())?.revoke(refreshToken);
  } catch {
    // The access token still expires within the hour; the refresh token is gone from the tab.
  }
}

/** Why the sign-in page was opened, and where to return afterwards. */
export interface SignInState {
  from?: string;
  reason?: 'expired' | 'signed-out';
}

interface OrganizerSession {
  /**
   * Runs an organizer API call with the access token. On 401 it forgets the token and sends
   * the organizer to sign in again, then rethrows so that the caller stops.
   */
  call: <T>(request: (accessToken: string) => Promise<T>) => Promise<T>;
  signOut: () => void;
}

const SessionContext = createContext<OrganizerSession | null>(null);

/** Shows its children to a signed-in organizer; anyone else goes to the sign-in page. */
export function RequireOrganizer({ children }: { children: ReactNode }) {
  const location = useLocation();
  const navigate = useNavigate();
  const signedIn = hasUsableSession();

  const call = useCallback(
    async <T,>(request: (token: string) => Promise<T>): Promise<T> => {
      const sessionBefore = sessionKey(readStoredSession());
      try {
        const accessToken = await currentAccessToken();
        if (accessToken === undefined) {
          throw new ApiError({ status: 401, code: 'unauthenticated', title: 'Sign in again' });
        }
        return await request(accessToken);
      } catch (error) {
        // A call that ends after its session did (signed out, or signed in again meanwhile)
        // leaves the session that is there now alone.
        if (hasStatus(error, 401) && sessionKey(readStoredSession()) === sessionBefore) {
          clearSession();
          const state: SignInState = { from: location.pathname, reason: 'expired' };
          void navigate('/organizer/sign-in', { replace: true, state });
        }
        throw error;
      }
    },
    [location.pathname, navigate],
  );
  const signOut = useCallback(() => {
    // The tab forgets the session at once; revoking it at Cognito finishes in the background.
    void endSession();
    const state: SignInState = { reason: 'signed-out' };
    void navigate('/organizer/sign-in', { state });
  }, [navigate]);
  const value = useMemo(() => ({ call, signOut }), [call, signOut]);

  if (!signedIn) {
    const state: SignInState = { from: location.pathname };
    return <Navigate to="/organizer/sign-in" replace state={state} />;
  }
  return <SessionContext value={value}>{children}</SessionContext>;
}

/** The signed-in organizer's session; only inside {@link RequireOrganizer}. */
export function useOrganizer(): OrganizerSession {
  const session = use(SessionContext);
  if (session === null) throw new Error('useOrganizer must be used inside <RequireOrganizer>');
  return session;
}
