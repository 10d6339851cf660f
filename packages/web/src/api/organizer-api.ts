import { requestFile, requestJson, segment, type DownloadedFile } from './client.js';
import type {
  CreateEventInput,
  CreatePollInput,
  EventStatus,
  EventsWhen,
  LiveView,
  Organizer,
  OrganizerEventView,
  Page,
  PollView,
  RegistrationView,
  TalkDecision,
  TalkView,
  TimerAction,
  UpdateEventInput,
} from './types.js';

/**
 * The calls only a signed-in organizer may make. Each takes the access token; a 401 comes back
 * as an `ApiError` with status 401 and the caller sends the organizer to sign in again.
 */

function bearer(accessToken: string): Record<string, string> {
  return { authorization: `Bearer ${accessToken}` };
}

function eventPath(eventId: string): string {
  return `/api/events/${segment(eventId)}`;
}

export function getMe(accessToken: string, signal?: AbortSignal): Promise<Organizer> {
  return requestJson('/api/organizer/me', { headers: bearer(accessToken), signal });
}

export function listOrganizerEvents(
  accessToken: string,
  when: EventsWhen,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<Page<OrganizerEventView>> {
  const query = new URLSearchParams({ when, limit: '20' });
  if (cursor !== undefined) query.set('cursor', cursor);
  return requestJson(`/api/organizer/events?${query.toString()}`, {
    headers: bearer(accessToken),
    signal,
  });
}

export function getOrganizerEvent(
  accessToken: string,
  eventId: string,
  signal?: AbortSignal,
): Promise<OrganizerEventView> {
  return requestJson(`/api/organizer/events/${segment(eventId)}`, {
    headers: bearer(accessToken),
    signal,
  });
}

export function createEvent(
  accessToken: string,
  input: CreateEventInput,
): Promise<OrganizerEventView> {
  return requestJson('/api/events', { method: 'POST', headers: bearer(accessToken), body: input });
}

export function updateEvent(
  accessToken: string,
  eventId: string,
  input: UpdateEventInput,
): Promise<OrganizerEventView> {
  return requestJson(eventPath(eventId), {
    method: 'PATCH',
    headers: bearer(accessToken),
    body: input,
  });
}

export function changeEventStatus(
  accessToken: string,
  eventId: string,
  status: EventStatus,
): Promise<OrganizerEventView> {
  return requestJson(`${eventPath(eventId)}/status`, {
    method: 'POST',
    headers: bearer(accessToken),
    body: { status },
  });
}

export function listTalks(
  accessToken: string,
  eventId: string,
  signal?: AbortSignal,
): Promise<{ items: TalkView[] }> {
  return requestJson(`${eventPath(eventId)}/talks`, { headers: bearer(accessToken), signal });
}

export function reviewTalk(
  accessToken: string,
  eventId: string,
  talkId: string,
  decision: TalkDecision,
): Promise<TalkView> {
  return requestJson(`${eventPath(eventId)}/talks/${segment(talkId)}/review`, {
    method: 'POST',
    headers: bearer(accessToken),
    body: { decision },
  });
}

export function saveRunningOrder(
  accessToken: string,
  eventId: string,
  talkIds: readonly string[],
): Promise<{ items: TalkView[] }> {
  return requestJson(`${eventPath(eventId)}/running-order`, {
    method: 'PUT',
    headers: bearer(accessToken),
    body: { talkIds },
  });
}

export function listRegistrations(
  accessToken: string,
  eventId: string,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<Page<RegistrationView>> {
  const query = new URLSearchParams({ limit: '50' });
  if (cursor !== undefined) query.set('cursor', cursor);
  return requestJson(`${eventPath(eventId)}/registrations?${query.toString()}`, {
    headers: bearer(accessToken),
    signal,
  });
}

function checkInPath(eventId: string, registrationId: string): string {
  return `/api/organizer/events/${segment(eventId)}/registrations/${segment(registrationId)}/check-in`;
}

/** Checks a confirmed onsite participant in at the door; checking in twice is harmless. */
export function checkIn(
  accessToken: string,
  eventId: string,
  registrationId: string,
): Promise<RegistrationView> {
  return requestJson(checkInPath(eventId, registrationId), {
    method: 'POST',
    headers: bearer(accessToken),
  });
}

/** Puts an accepted talk on stage, or none; its countdown goes back to a full talk. */
export function setCurrentTalk(
  accessToken: string,
  eventId: string,
  talkId: string | null,
): Promise<LiveView> {
  return requestJson(`${eventPath(eventId)}/live/current`, {
    method: 'PUT',
    headers: bearer(accessToken),
    body: { talkId },
  });
}

export function changeTimer(
  accessToken: string,
  eventId: string,
  action: TimerAction,
): Promise<LiveView> {
  return requestJson(`${eventPath(eventId)}/live/timer`, {
    method: 'POST',
    headers: bearer(accessToken),
    body: { action },
  });
}

/** Prepares a poll; it takes votes once opened. */
export function createPoll(
  accessToken: string,
  eventId: string,
  input: CreatePollInput,
): Promise<PollView> {
  return requestJson(`${eventPath(eventId)}/polls`, {
    method: 'POST',
    headers: bearer(accessToken),
    body: input,
  });
}

export function changePollStatus(
  accessToken: string,
  eventId: string,
  pollId: string,
  to: 'open' | 'close',
): Promise<PollView> {
  return requestJson(`${eventPath(eventId)}/polls/${segment(pollId)}/${to}`, {
    method: 'POST',
    headers: bearer(accessToken),
  });
}

/** Takes a check-in back. */
export function undoCheckIn(
  accessToken: string,
  eventId: string,
  registrationId: string,
): Promise<RegistrationView> {
  return requestJson(checkInPath(eventId, registrationId), {
    method: 'DELETE',
    headers: bearer(accessToken),
  });
}

/** The registrations as a CSV file for a spreadsheet, its header row in `language`. */
export function downloadRegistrationsCsv(
  accessToken: string,
  eventId: string,
  language: 'ja' | 'en',
): Promise<DownloadedFile> {
  const query = new URLSearchParams({ lang: language });
  return requestFile(
    `/api/organizer/events/${segment(eventId)}/registrations.csv?${query.toString()}`,
    'registrations.csv',
    { headers: bearer(accessToken) },
  );
}
