import { z } from 'zod';

import { ConflictError, RuleViolationError } from './errors.js';
import { personText, webUrl } from './text.js';

export const EVENT_STATUSES = ['upcoming', 'ongoing', 'completed', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const EVENT_FORMATS = ['onsite', 'online', 'hybrid'] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];

/** Talks an event accepts unless the organizer says otherwise. */
export const DEFAULT_TALK_LIMIT = 20;
/** Minutes a talk lasts unless the organizer says otherwise: it is a lightning talk. */
export const DEFAULT_TALK_MINUTES = 5;

const ALLOWED_TRANSITIONS: Readonly<Record<EventStatus, readonly EventStatus[]>> = {
  upcoming: ['ongoing', 'cancelled'],
  ongoing: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

/** A lightning-talk night as the organizers describe it and the system keeps it. */
export interface LtcEvent {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** ISO 8601 instant with offset, e.g. `2026-12-18T19:00:00+09:00`. */
  readonly startsAt: string;
  readonly endsAt: string;
  /** IANA time zone the event is held in, used to show local times. */
  readonly timeZone: string;
  readonly format: EventFormat;
  readonly venue: Venue | undefined;
  /** Onsite seats; 0 for an online-only event. */
  readonly onsiteCapacity: number;
  readonly onlineUrl: string | undefined;
  readonly status: EventStatus;
  readonly registrationOpen: boolean;
  readonly talkSubmissionOpen: boolean;
  readonly talkLimit: number;
  readonly talkMinutes: number;
  readonly counts: EventCounts;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Venue {
  readonly name: string;
  readonly address: string | undefined;
}

/** Running totals kept next to the event so that every invariant is one condition away. */
export interface EventCounts {
  readonly confirmedOnsite: number;
  readonly waitlisted: number;
  readonly online: number;
  readonly acceptedTalks: number;
  /** Confirmed onsite registrations checked in at the door. */
  readonly checkedIn: number;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const instant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time with offset',
});

export const venueSchema = z.strictObject({
  name: personText(200),
  address: personText(500).optional(),
});

const eventFields = {
  title: personText(200),
  description: personText(5000),
  startsAt: instant,
  endsAt: instant,
  timeZone: z
    .string()
    .max(64)
    .refine(isValidTimeZone, { error: 'must be an IANA time zone such as Asia/Tokyo' }),
  format: z.enum(EVENT_FORMATS),
  venue: venueSchema.optional(),
  onsiteCapacity: z.int().min(0).max(10_000),
  onlineUrl: webUrl.optional(),
  registrationOpen: z.boolean(),
  talkSubmissionOpen: z.boolean(),
  talkLimit: z.int().min(1).max(100),
  talkMinutes: z.int().min(1).max(60),
};

/** What an organizer sends to create an event. */
export const createEventSchema = z.strictObject({
  ...eventFields,
  timeZone: eventFields.timeZone.default('Asia/Tokyo'),
  venue: eventFields.venue,
  onsiteCapacity: eventFields.onsiteCapacity.default(0),
  registrationOpen: eventFields.registrationOpen.default(true),
  talkSubmissionOpen: eventFields.talkSubmissionOpen.default(true),
  talkLimit: eventFields.talkLimit.default(DEFAULT_TALK_LIMIT),
  talkMinutes: eventFields.talkMinutes.default(DEFAULT_TALK_MINUTES),
});
export type CreateEventInput = z.infer<typeof createEventSchema>;

/** What an organizer sends to change an event; every field optional, `null` clears one. */
export const updateEventSchema = z
  .strictObject({
    ...eventFields,
    venue: eventFields.venue.nullable(),
    onlineUrl: eventFields.onlineUrl.nullable(),
  })
  .partial();
export type UpdateEventInput = z.infer<typeof updateEventSchema>;

export const changeEventStatusSchema = z.strictObject({ status: z.enum(EVENT_STATUSES) });

/** The shape an event has once created or changed, checked against the rules that span fields. */
export interface EventShape {
  readonly startsAt: string;
  readonly endsAt: string;
  readonly format: EventFormat;
  readonly venue?: Venue | undefined;
  readonly onsiteCapacity: number;
  readonly onlineUrl?: string | undefined;
}

/** Checks the rules that span several fields of an event. */
export function assertEventShape(event: EventShape): void {
  if (Date.parse(event.endsAt) <= Date.parse(event.startsAt)) {
    throw new RuleViolationError(
      'end-before-start',
      `endsAt must be after startsAt, got: ${event.endsAt} <= ${event.startsAt}`,
      'endsAt',
    );
  }
  if (event.format !== 'online' && event.onsiteCapacity < 1) {
    throw new RuleViolationError(
      'no-onsite-seats',
      `an ${event.format} event needs onsiteCapacity of at least 1, got: ${event.onsiteCapacity}`,
      'onsiteCapacity',
    );
  }
  if (event.format !== 'online' && event.venue === undefined) {
    throw new RuleViolationError(
      'venue-required',
      `an ${event.format} event needs a venue`,
      'venue',
    );
  }
  if (event.format === 'online' && event.onsiteCapacity !== 0) {
    throw new RuleViolationError(
      'online-has-seats',
      `an online event has no onsite seats, got onsiteCapacity: ${event.onsiteCapacity}`,
      'onsiteCapacity',
    );
  }
}

/** The statuses an event may move to next; none once it is completed or cancelled. */
export function nextStatuses(from: EventStatus): readonly EventStatus[] {
  return ALLOWED_TRANSITIONS[from];
}

/** Throws unless an event may move from `from` to `to`. */
export function assertStatusTransition(from: EventStatus, to: EventStatus): void {
  if (!ALLOWED_TRANSITIONS[from].includes(to)) {
    const allowed = ALLOWED_TRANSITIONS[from];
    throw new RuleViolationError(
      'invalid-status-transition',
      `status cannot change from ${from} to ${to}; allowed from ${from}: ${allowed.length > 0 ? allowed.join(', ') : 'none'}`,
      'status',
    );
  }
}

/** Whether people can still sign up or be moved around: a finished event is frozen. */
export function isEventActive(status: EventStatus): boolean {
  return status === 'upcoming' || status === 'ongoing';
}

/**
 * Throws unless the event is still upcoming or ongoing: once completed or cancelled, its
 * registrations and talks are the archive and stay as they are.
 */
export function assertEventActive(event: Pick<LtcEvent, 'status'>, what: string): void {
  if (!isEventActive(event.status)) {
    throw new ConflictError('event-closed', `${what} of a ${event.status} event cannot be changed`);
  }
}

/** Onsite seats not yet taken. */
export function seatsLeft(event: Pick<LtcEvent, 'onsiteCapacity' | 'counts'>): number {
  return Math.max(0, event.onsiteCapacity - event.counts.confirmedOnsite);
}
