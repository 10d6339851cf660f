import {
  inRunningOrder,
  nextStatuses,
  seatsLeft,
  type LtcEvent,
  type Registration,
  type Talk,
} from '@ltc/domain';
import type { z } from '@hono/zod-openapi';

import type {
  eventDetailView,
  eventView,
  organizerEventView,
  publicTalk,
  registrationView,
  talkView,
} from './schemas.js';

/*
 * Domain objects shaped for the outside. Public views leave out e-mail addresses, manage
 * token hashes and the online meeting link; private views go only to their owner.
 */

export function toEventView(event: LtcEvent): z.infer<typeof eventView> {
  return {
    id: event.id,
    title: event.title,
    description: event.description,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timeZone: event.timeZone,
    format: event.format,
    venue: event.venue,
    onsiteCapacity: event.onsiteCapacity,
    seatsLeft: seatsLeft(event),
    waitlistLength: event.counts.waitlisted,
    status: event.status,
    registrationOpen: event.registrationOpen,
    talkSubmissionOpen: event.talkSubmissionOpen,
    talkLimit: event.talkLimit,
    talkMinutes: event.talkMinutes,
    acceptedTalkCount: event.counts.acceptedTalks,
  };
}

export function toEventDetailView(
  event: LtcEvent,
  talks: readonly Talk[],
): z.infer<typeof eventDetailView> {
  return { ...toEventView(event), talks: inRunningOrder(talks).map(toPublicTalk) };
}

export function toOrganizerEventView(event: LtcEvent): z.infer<typeof organizerEventView> {
  return {
    ...toEventView(event),
    onlineUrl: event.onlineUrl,
    nextStatuses: [...nextStatuses(event.status)],
    confirmedOnsite: event.counts.confirmedOnsite,
    onlineCount: event.counts.online,
    checkedInCount: event.counts.checkedIn,
    createdAt: event.createdAt,
    updatedAt: event.updatedAt,
  };
}

export function toPublicTalk(talk: Talk): z.infer<typeof publicTalk> {
  return {
    id: talk.id,
    title: talk.title,
    abstract: talk.abstract,
    category: talk.category,
    speakerName: talk.speakerName,
    slideUrl: talk.slideUrl,
    runningOrder: talk.runningOrder,
  };
}

export function toTalkView(talk: Talk): z.infer<typeof talkView> {
  return {
    id: talk.id,
    eventId: talk.eventId,
    title: talk.title,
    abstract: talk.abstract,
    category: talk.category,
    speakerName: talk.speakerName,
    speakerEmail: talk.speakerEmail,
    slideUrl: talk.slideUrl,
    status: talk.status,
    runningOrder: talk.runningOrder,
    createdAt: talk.createdAt,
    updatedAt: talk.updatedAt,
  };
}

/** A registration for its owner or an organizer; the online link only once a seat is sure. */
export function toRegistrationView(
  registration: Registration,
  context: { readonly event?: LtcEvent; readonly waitlistPosition?: number } = {},
): z.infer<typeof registrationView> {
  const onlineUrl = registration.status === 'confirmed' ? context.event?.onlineUrl : undefined;
  return {
    id: registration.id,
    eventId: registration.eventId,
    name: registration.name,
    email: registration.email,
    attendance: registration.attendance,
    status: registration.status,
    createdAt: registration.createdAt,
    promotedAt: registration.promotedAt,
    cancelledAt: registration.cancelledAt,
    checkedInAt: registration.checkedInAt,
    waitlistPosition: registration.status === 'waitlisted' ? context.waitlistPosition : undefined,
    onlineUrl,
  };
}
