import { requestJson } from './client.js';
import type { AuthConfig, SignInResult } from './types.js';

/** Reads /config.json, which tells the page how organizers sign in on this stage. */
export async function loadAuthConfig(signal?: AbortSignal): Promise<AuthConfig> {
  const config = await requestJson<unknown>('/config.json', { signal });
  return readAuthConfig(config);
}

/** Picks the sign-in settings out of a config document, whatever else it holds. */
export function readAuthConfig(config: unknown): AuthConfig {
  const auth =
    typeof config === 'object' && config !== null && 'auth' in config ? config.auth : undefined;
  if (typeof auth !== 'object' || auth === null) return { kind: 'unsupported', name: 'none' };
  const kind = 'kind' in auth && typeof auth.kind === 'string' ? auth.kind : 'none';
  if (kind === 'local' && 'signInUrl' in auth && typeof auth.signInUrl === 'string') {
    return { kind: 'local', signInUrl: auth.signInUrl };
  }
  if (kind === 'cognito') {
    const region = stringField(auth, 'region');
    const userPoolId = stringField(auth, 'userPoolId');
    const clientId = stringField(auth, 'clientId');
    const endpoint = stringField(auth, 'endpoint');
    if (region !== undefined && userPoolId !== undefined && clientId !== undefined) {
      return {
        kind: 'cognito',
        region,
        userPoolId,
        clientId,
        ...(endpoint === undefined ? {} : { endpoint }),
      };
    }
  }
  return { kind: 'unsupported', name: kind };
}

function stringField(object: object, key: string): string | undefined {
  const value: unknown = (object as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Trades a username and password for an access token at the local sign-in. */
export function signInLocally(
  signInUrl: string,
  username: string,
  password: string,
): Promise<SignInResult> {
  return requestJson(signInUrl, { method: 'POST', body: { username, password } });
}

/**
 * Where the live updates are, read from /config.json: a full `wss://` URL in AWS, or a path
 * on this server (`/ws` under `npm start`), turned into `ws://` or `wss://` on the page's host.
 */
export async function loadRealtimeUrl(signal?: AbortSignal): Promise<string> {
  const config = await requestJson<unknown>('/config.json', { signal });
  return readRealtimeUrl(config, window.location);
}

/** Picks the live updates' URL out of a config document; `/ws` on this host when it has none. */
export function readRealtimeUrl(
  config: unknown,
  page: Pick<Location, 'protocol' | 'host'>,
): string {
  const realtime =
    typeof config === 'object' && config !== null && 'realtime' in config
      ? config.realtime
      : undefined;
  const url =
    typeof realtime === 'object' && realtime !== null && 'url' in realtime
      ? realtime.url
      : undefined;
  const given = typeof url === 'string' && url !== '' ? url : '/ws';
  if (/^wss?:\/\//i.test(given)) return given;
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${page.host}${given.startsWith('/') ? '' : '/'}${given}`;
}
