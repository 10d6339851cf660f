import { requestJson, segment } from './client.js';
import type {
  EventDetails,
  EventView,
  EventsWhen,
  LiveView,
  Page,
  RegisterInput,
  RegistrationView,
  SubmitTalkInput,
  TalkView,
  UpdateTalkInput,
} from './types.js';

/** Calls anyone may make, and the calls a private manage link allows. */

export function listEvents(
  when: EventsWhen,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<Page<EventView>> {
  const query = new URLSearchParams({ when, limit: '20' });
  if (cursor !== undefined) query.set('cursor', cursor);
  return requestJson(`/api/events?${query.toString()}`, { signal });
}

export function getEvent(eventId: string, signal?: AbortSignal): Promise<EventDetails> {
  return requestJson(`/api/events/${segment(eventId)}`, { signal });
}

export function register(
  eventId: string,
  input: RegisterInput,
): Promise<{ registration: RegistrationView; manageToken: string }> {
  return requestJson(`/api/events/${segment(eventId)}/registrations`, {
    method: 'POST',
    body: input,
  });
}

export function submitTalk(
  eventId: string,
  input: SubmitTalkInput,
): Promise<{ talk: TalkView; manageToken: string }> {
  return requestJson(`/api/events/${segment(eventId)}/talks`, { method: 'POST', body: input });
}

/** A registration or talk that its private link lets one person see and change. */
export interface ManagedEntry {
  eventId: string;
  id: string;
  token: string;
}

function registrationPath(entry: ManagedEntry): string {
  return `/api/events/${segment(entry.eventId)}/registrations/${segment(entry.id)}`;
}

function talkPath(entry: ManagedEntry): string {
  return `/api/events/${segment(entry.eventId)}/talks/${segment(entry.id)}`;
}

// The token travels in a header, never in the URL, so it stays out of logs and caches.
function tokenHeader(entry: ManagedEntry): Record<string, string> {
  return { 'x-manage-token': entry.token };
}

export function getRegistration(
  entry: ManagedEntry,
  signal?: AbortSignal,
): Promise<RegistrationView> {
  return requestJson(registrationPath(entry), { headers: tokenHeader(entry), signal });
}

export function renameRegistration(entry: ManagedEntry, name: string): Promise<RegistrationView> {
  return requestJson(registrationPath(entry), {
    method: 'PATCH',
    headers: tokenHeader(entry),
    body: { name },
  });
}

export function cancelRegistration(entry: ManagedEntry): Promise<RegistrationView> {
  return requestJson(`${registrationPath(entry)}/cancel`, {
    method: 'POST',
    headers: tokenHeader(entry),
  });
}

export function getTalk(entry: ManagedEntry, signal?: AbortSignal): Promise<TalkView> {
  return requestJson(talkPath(entry), { headers: tokenHeader(entry), signal });
}

export function updateTalk(entry: ManagedEntry, input: UpdateTalkInput): Promise<TalkView> {
  return requestJson(talkPath(entry), {
    method: 'PATCH',
    headers: tokenHeader(entry),
    body: input,
  });
}

export function withdrawTalk(entry: ManagedEntry): Promise<TalkView> {
  return requestJson(`${talkPath(entry)}/withdraw`, {
    method: 'POST',
    headers: tokenHeader(entry),
  });
}

/** The running order, the talk on stage, its countdown and the polls of an event night. */
export function getLive(eventId: string, signal?: AbortSignal): Promise<LiveView> {
  return requestJson(`/api/events/${segment(eventId)}/live`, { signal });
}
