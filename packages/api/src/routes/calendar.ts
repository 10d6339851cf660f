import { createRoute, z } from '@hono/zod-openapi';
import type { LtcEvent } from '@ltc/domain';
import type { Context } from 'hono';

import { CALENDAR_CONTENT_TYPE, eventsCalendar } from '../calendar.js';
import { createRouter, problemResponses, type RouteDependencies } from '../context.js';
import { eventIdParams } from '../schemas.js';

/** How far back the feed reaches: past nights stay in a calendar for a season. */
const RECENT_PAST_DAYS = 90;
/** Most upcoming events one feed carries; far more than a community plans ahead. */
const MAX_UPCOMING = 200;
const PAGE_SIZE = 50;

function calendarResponse(description: string) {
  return {
    description,
    content: {
      'text/calendar': {
        schema: z.string().openapi({ description: 'An iCalendar (RFC 5545) document' }),
      },
    },
  } as const;
}

/** The iCalendar feeds: every event worth following, and one event to add to a calendar. */
export function calendarRoutes({ repositories, siteUrl }: RouteDependencies) {
  const { events } = repositories;
  const router = createRouter();
  const originOf = (c: Context) => siteUrl ?? new URL(c.req.url).origin;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/calendar.ics',
      tags: ['events'],
      summary: `Every upcoming event and those of the last ${RECENT_PAST_DAYS} days, as an iCalendar feed`,
      responses: {
        200: calendarResponse('The calendar (cancelled events left out)'),
        ...problemResponses(),
      },
    }),
    async (c) => {
      const since = Date.now() - RECENT_PAST_DAYS * 86_400_000;
      const [upcoming, past] = await Promise.all([
        upcomingEvents(),
        events.list('past', PAGE_SIZE).then((page) => page.items),
      ]);
      const recent = past.filter((event) => Date.parse(event.endsAt) >= since).reverse();
      const followed = [...recent, ...upcoming].filter((event) => event.status !== 'cancelled');
      const body = eventsCalendar(followed, {
        name: 'Lightning Talk Circle',
        siteOrigin: originOf(c),
      });
      return c.body(body, 200, { 'content-type': CALENDAR_CONTENT_TYPE });
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/events/{eventId}/calendar.ics',
      tags: ['events'],
      summary: 'One event as an iCalendar file, to add to a calendar',
      request: { params: eventIdParams },
      responses: {
        200: calendarResponse('The event; a cancelled one is marked cancelled'),
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const event = await events.get(c.req.valid('param').eventId);
      const body = eventsCalendar([event], { name: event.title, siteOrigin: originOf(c) });
      return c.body(body, 200, {
        'content-type': CALENDAR_CONTENT_TYPE,
        'content-disposition': `attachment; filename="ltc-${event.id}.ics"`,
      });
    },
  );

  /** Upcoming events, soonest first, page after page up to the feed's bound. */
  async function upcomingEvents(): Promise<LtcEvent[]> {
    const found: LtcEvent[] = [];
    let cursor: string | undefined;
    do {
      const page = await events.list('upcoming', PAGE_SIZE, cursor);
      found.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== undefined && found.length < MAX_UPCOMING);
    return found.slice(0, MAX_UPCOMING);
  }

  return router;
}
