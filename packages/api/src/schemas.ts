import { z } from '@hono/zod-openapi';
import {
  ATTENDANCE_MODES,
  EVENT_FORMATS,
  EVENT_STATUSES,
  REGISTRATION_STATUSES,
  TALK_CATEGORIES,
  TALK_STATUSES,
} from '@ltc/domain';

/*
 * Response shapes and path/query parameters of the API. Request bodies use the domain's own
 * schemas, so the rules and the documentation come from one place.
 */

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[0-9A-Za-z]+$/, { error: 'must be an id' });

export const eventIdParams = z.object({
  eventId: id.openapi({
    param: { name: 'eventId', in: 'path' },
    example: '01JEXAMPLE0000000000000000',
  }),
});
/** An id in the path, under `name`. */
export function idParam(name: string) {
  return id.openapi({ param: { name, in: 'path' } });
}
export const registrationParams = eventIdParams.extend({
  registrationId: idParam('registrationId'),
});
export const talkParams = eventIdParams.extend({ talkId: idParam('talkId') });

export const manageTokenHeaders = z.object({
  'x-manage-token': z
    .string({ error: 'is missing: send the token of the private link in this header' })
    .min(1, { error: 'is missing: send the token of the private link in this header' })
    .max(128)
    .openapi({
      param: { name: 'x-manage-token', in: 'header' },
      description: 'The token from the private manage link',
    }),
});

export const registrationsExportQuery = z.strictObject({
  lang: z
    .enum(['ja', 'en'])
    .default('ja')
    .openapi({
      param: { name: 'lang', in: 'query' },
      description: 'Language of the header row and of the words in the cells',
    }),
});

export const pageQuery = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .default(20)
    .openapi({ param: { name: 'limit', in: 'query' } }),
  cursor: z
    .string()
    .max(2048)
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' } }),
});

export const eventListQuery = pageQuery.extend({
  when: z
    .enum(['upcoming', 'past'])
    .default('upcoming')
    .openapi({ param: { name: 'when', in: 'query' } }),
});

const venue = z.object({ name: z.string(), address: z.string().optional() });

export const eventView = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    timeZone: z.string(),
    format: z.enum(EVENT_FORMATS),
    venue: venue.optional(),
    onsiteCapacity: z.number().int(),
    seatsLeft: z.number().int(),
    waitlistLength: z.number().int(),
    status: z.enum(EVENT_STATUSES),
    registrationOpen: z.boolean(),
    talkSubmissionOpen: z.boolean(),
    talkLimit: z.number().int(),
    talkMinutes: z.number().int(),
    acceptedTalkCount: z.number().int(),
  })
  .openapi('Event');

export const publicTalk = z
  .object({
    id: z.string(),
    title: z.string(),
    abstract: z.string(),
    category: z.enum(TALK_CATEGORIES),
    speakerName: z.string(),
    slideUrl: z.string().optional(),
    runningOrder: z.number().int().optional(),
  })
  .openapi('PublicTalk');

export const eventDetailView = eventView
  .extend({ talks: z.array(publicTalk) })
  .openapi('EventDetail');

export const organizerEventView = eventView
  .extend({
    onlineUrl: z.string().optional(),
    nextStatuses: z
      .array(z.enum(EVENT_STATUSES))
      .openapi({ description: 'The statuses the event may move to next' }),
    confirmedOnsite: z.number().int(),
    onlineCount: z.number().int(),
    checkedInCount: z
      .number()
      .int()
      .openapi({ description: 'Confirmed onsite registrations checked in at the door' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('OrganizerEvent');

export const registrationView = z
  .object({
    id: z.string(),
    eventId: z.string(),
    name: z.string(),
    email: z.string(),
    attendance: z.enum(ATTENDANCE_MODES),
    status: z.enum(REGISTRATION_STATUSES),
    createdAt: z.string(),
    promotedAt: z.string().optional(),
    cancelledAt: z.string().optional(),
    checkedInAt: z.string().optional(),
    waitlistPosition: z.number().int().optional(),
    onlineUrl: z.string().optional(),
  })
  .openapi('Registration');

export const talkView = z
  .object({
    id: z.string(),
    eventId: z.string(),
    title: z.string(),
    abstract: z.string(),
    category: z.enum(TALK_CATEGORIES),
    speakerName: z.string(),
    speakerEmail: z.string(),
    slideUrl: z.string().optional(),
    status: z.enum(TALK_STATUSES),
    runningOrder: z.number().int().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Talk');

export const newRegistrationView = z
  .object({ registration: registrationView, manageToken: z.string() })
  .openapi('NewRegistration');

export const newTalkView = z.object({ talk: talkView, manageToken: z.string() }).openapi('NewTalk');

export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional() }).openapi(name);
}

export const problemView = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

export const organizerView = z
  .object({ id: z.string(), username: z.string() })
  .openapi('Organizer');
