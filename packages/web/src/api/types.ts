/**
 * The shapes the API sends and accepts, written down from its contract. The web app talks to
 * the API over HTTP only, so it keeps its own copy instead of importing the domain package.
 */

export const TALK_CATEGORIES = [
  'tech',
  'hobby',
  'learning',
  'travel',
  'food',
  'game',
  'lifehack',
  'pet',
  'garden',
  'money',
  'sports',
  'music',
  'other',
] as const;
export type TalkCategory = (typeof TALK_CATEGORIES)[number];

export const EVENT_FORMATS = ['onsite', 'online', 'hybrid'] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];

export type EventStatus = 'upcoming' | 'ongoing' | 'completed' | 'cancelled';
export type Attendance = 'onsite' | 'online';
export type RegistrationStatus = 'confirmed' | 'waitlisted' | 'cancelled';
export type TalkStatus = 'pending' | 'accepted' | 'rejected' | 'withdrawn';
export type TalkDecision = 'accepted' | 'rejected';
export type EventsWhen = 'upcoming' | 'past';

export interface Venue {
  name: string;
  address?: string;
}

export interface EventView {
  id: string;
  title: string;
  description: string;
  /** ISO 8601 instant with offset. */
  startsAt: string;
  endsAt: string;
  /** IANA time zone the event is held in; times are shown in it. */
  timeZone: string;
  format: EventFormat;
  venue?: Venue;
  onsiteCapacity: number;
  seatsLeft: number;
  waitlistLength: number;
  status: EventStatus;
  registrationOpen: boolean;
  talkSubmissionOpen: boolean;
  talkLimit: number;
  talkMinutes: number;
  acceptedTalkCount: number;
}

export interface PublicTalk {
  id: string;
  title: string;
  abstract: string;
  category: TalkCategory;
  speakerName: string;
  slideUrl?: string;
  runningOrder?: number;
}

export type EventDetails = EventView & { talks: PublicTalk[] };

export interface OrganizerEventView extends EventView {
  onlineUrl?: string;
  /** The statuses the event may move to next, as the API's rules say. */
  nextStatuses: EventStatus[];
  confirmedOnsite: number;
  onlineCount: number;
  /** Confirmed onsite registrations checked in at the door. */
  checkedInCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface RegistrationView {
  id: string;
  eventId: string;
  name: string;
  email: string;
  attendance: Attendance;
  status: RegistrationStatus;
  createdAt: string;
  promotedAt?: string;
  cancelledAt?: string;
  /** When an organizer checked the person in at the door. */
  checkedInAt?: string;
  /** 1-based; present only while waitlisted. */
  waitlistPosition?: number;
  /** Present only when confirmed and the event has an online URL. */
  onlineUrl?: string;
}

export interface TalkView {
  id: string;
  eventId: string;
  title: string;
  abstract: string;
  category: TalkCategory;
  speakerName: string;
  speakerEmail: string;
  slideUrl?: string;
  status: TalkStatus;
  runningOrder?: number;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface RegisterInput {
  name: string;
  email: string;
  attendance: Attendance;
}

export interface SubmitTalkInput {
  title: string;
  abstract: string;
  category: TalkCategory;
  speakerName: string;
  speakerEmail: string;
  slideUrl?: string;
}

export interface UpdateTalkInput {
  title?: string;
  abstract?: string;
  category?: TalkCategory;
  /** `null` removes the slide link. */
  slideUrl?: string | null;
}

export interface CreateEventInput {
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  format: EventFormat;
  venue?: Venue;
  onsiteCapacity: number;
  onlineUrl?: string;
  registrationOpen: boolean;
  talkSubmissionOpen: boolean;
  talkLimit: number;
  talkMinutes: number;
}

/** Any of the create fields; `null` clears the venue or the online URL. */
export type UpdateEventInput = Partial<Omit<CreateEventInput, 'venue' | 'onlineUrl'>> & {
  venue?: Venue | null;
  onlineUrl?: string | null;
};

export interface Organizer {
  id: string;
  username: string;
}

/**
 * How organizers sign in on this stage, read from /config.json. Only the local sign-in is
 * handled in this version; any other kind is carried by name so the page can say so.
 */
export type AuthConfig =
  | { kind: 'local'; signInUrl: string }
  | {
      kind: 'cognito';
      region: string;
      userPoolId: string;
      clientId: string;
      /** Set only when a Cognito-compatible server stands in for Cognito (tests, local runs). */
      endpoint?: string;
    }
  | { kind: 'unsupported'; name: string };

export interface SignInResult {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds. */
  expiresIn: number;
}

/** The countdown of the talk on stage, as the organizer last set it. */
export type TalkTimer =
  | { state: 'idle'; durationSeconds: number }
  | { state: 'running'; durationSeconds: number; endsAt: string }
  | { state: 'paused'; durationSeconds: number; remainingMs: number };

export type PollStatus = 'ready' | 'open' | 'closed';

/** A question put to the audience, with one count per option. */
export interface PollView {
  id: string;
  question: string;
  options: { id: string; label: string }[];
  status: PollStatus;
  counts: Record<string, number>;
  totalVotes: number;
}

/** A talk of the running order, as the live page shows it. */
export interface LiveTalk {
  id: string;
  title: string;
  speakerName: string;
  category: TalkCategory;
}

/** The whole state of an event night, from `GET /live` or pushed over the WebSocket. */
export interface LiveView {
  eventId: string;
  /** The server's clock when the view was made; the countdown corrects the browser's with it. */
  serverTime: string;
  /** Goes up with every change of the stage; an older view is dropped. */
  revision: number;
  currentTalkId: string | null;
  timer: TalkTimer;
  /** Accepted talks in running order. */
  talks: LiveTalk[];
  polls: PollView[];
}

export type TimerAction = 'start' | 'pause' | 'reset';

export interface CreatePollInput {
  question: string;
  options: string[];
}
