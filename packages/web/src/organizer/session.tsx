import { createContext, use, useCallback, useMemo, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';

import { hasStatus } from '../api/client.js';
import type { SignInResult } from '../api/types.js';

const STORAGE_KEY = 'ltc.organizer.session';
/** Treat a token as gone a little before it expires, so a request never races its expiry. */
const EXPIRY_MARGIN_MS = 30_000;

interface StoredSession {
  accessToken: string;
  expiresAt: number;
}

/**
 * The organizer's access token lives in sessionStorage: it survives a reload but not the end
 * of the tab, and it is never written to localStorage or a cookie.
 */
export function readSession(): StoredSession | undefined {
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
      typeof parsed.expiresAt === 'number' &&
      parsed.expiresAt - EXPIRY_MARGIN_MS > Date.now()
    ) {
      return { accessToken: parsed.accessToken, expiresAt: parsed.expiresAt };
    }
    return undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(result: SignInResult): void {
  const session: StoredSession = {
    accessToken: result.accessToken,
    expiresAt: Date.now() + result.expiresIn * 1000,
  };
  window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  try {
    window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored means nothing to clear.
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
  const session = readSession();
  const accessToken = session?.accessToken;

  const call = useCallback(
    async <T,>(request: (token: string) => Promise<T>): Promise<T> => {
      try {
        return await request(accessToken ?? '');
      } catch (error) {
        if (hasStatus(error, 401)) {
          clearSession();
          const state: SignInState = { from: location.pathname, reason: 'expired' };
          void navigate('/organizer/sign-in', { replace: true, state });
        }
        throw error;
      }
    },
    [accessToken, location.pathname, navigate],
  );
  const signOut = useCallback(() => {
    clearSession();
    const state: SignInState = { reason: 'signed-out' };
    void navigate('/organizer/sign-in', { state });
  }, [navigate]);
  const value = useMemo(() => ({ call, signOut }), [call, signOut]);

  if (accessToken === undefined) {
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
