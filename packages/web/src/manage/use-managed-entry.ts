import { useLocation, useParams } from 'react-router';

import type { ManagedEntry } from '../api/public-api.js';

/**
 * The entry a private link names: event and entry ids from the path, the token from the
 * fragment (`#token=…`), which browsers never send to the server.
 */
export function useManagedEntry(idParam: 'registrationId' | 'talkId'): ManagedEntry | undefined {
  const params = useParams();
  const { hash } = useLocation();
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
  const eventId = params.eventId ?? '';
  const id = params[idParam] ?? '';
  if (token === '' || eventId === '' || id === '') return undefined;
  return { eventId, id, token };
}
