import {
  ATTENDANCE_MODES,
  EVENT_FORMATS,
  EVENT_STATUSES,
  REGISTRATION_STATUSES,
  TALK_CATEGORIES,
  TALK_STATUSES,
  type LtcEvent,
  type Registration,
  type Talk,
} from '@ltc/domain';
import { z } from 'zod';

/*
 * Stored items are parsed on the way out of the table, so a malformed item is caught at the
 * boundary instead of travelling through the application as a wrongly-typed object.
 */

const optionalString = z.string().optional();

const eventItem = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  format: z.enum(EVENT_FORMATS),
  venue: z.object({ name: z.string(), address: optionalString }).optional(),
  onsiteCapacity: z.number(),
  onlineUrl: optionalString,
  status: z.enum(EVENT_STATUSES),
  registrationOpen: z.boolean(),
  talkSubmissionOpen: z.boolean(),
  talkLimit: z.number(),
  talkMinutes: z.number(),
  confirmedOnsite: z.number(),
  waitlisted: z.number(),
  online: z.number(),
  acceptedTalks: z.number(),
  // Events stored before check-in existed have no count yet.
  checkedIn: z.number().default(0),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function toEvent(item: Record<string, unknown>): LtcEvent {
  const stored = eventItem.parse(item);
  const { confirmedOnsite, waitlisted, online, acceptedTalks, checkedIn, venue, ...rest } = stored;
  return {
    ...rest,
    venue: venue === undefined ? undefined : { name: venue.name, address: venue.address },
    onlineUrl: stored.onlineUrl,
    counts: { confirmedOnsite, waitlisted, online, acceptedTalks, checkedIn },
  };
}

const registrationItem = z.object({
  id: z.string(),
  eventId: z.string(),
  name: z.string(),
  email: z.string(),
  attendance: z.enum(ATTENDANCE_MODES),
  status: z.enum(REGISTRATION_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
  promotedAt: optionalString,
  cancelledAt: optionalString,
  checkedInAt: optionalString,
  manageTokenHash: z.string(),
});

export interface StoredRegistration {
  readonly registration: Registration;
  readonly manageTokenHash: string;
}

export function toRegistration(item: Record<string, unknown>): StoredRegistration {
  const { manageTokenHash, ...registration } = registrationItem.parse(item);
  return {
    manageTokenHash,
    registration: {
      ...registration,
      promotedAt: registration.promotedAt,
      cancelledAt: registration.cancelledAt,
      checkedInAt: registration.checkedInAt,
    },
  };
}

const talkItem = z.object({
  id: z.string(),
  eventId: z.string(),
  title: z.string(),
  abstract: z.string(),
  category: z.enum(TALK_CATEGORIES),
  speakerName: z.string(),
  speakerEmail: z.string(),
  slideUrl: optionalString,
  status: z.enum(TALK_STATUSES),
  runningOrder: z.number().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  acceptedAt: optionalString,
  manageTokenHash: z.string(),
});

export interface StoredTalk {
  readonly talk: Talk;
  readonly manageTokenHash: string;
}

export function toTalk(item: Record<string, unknown>): StoredTalk {
  const { manageTokenHash, ...talk } = talkItem.parse(item);
  return {
    manageTokenHash,
    talk: {
      ...talk,
      slideUrl: talk.slideUrl,
      runningOrder: talk.runningOrder,
      acceptedAt: talk.acceptedAt,
    },
  };
}
