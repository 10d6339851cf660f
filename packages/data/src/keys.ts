import { createHash } from 'node:crypto';

import { normalizeEmail } from '@ltc/domain';

/** Key builders for the single-table layout described in table.ts. */
export const keys = {
  eventPk: (eventId: string) => `EVENT#${eventId}`,
  eventSk: 'EVENT',
  eventsIndexPk: 'EVENTS',
  eventsIndexSk: (endsAt: string, eventId: string) =>
    `${new Date(endsAt).toISOString()}#${eventId}`,
  registrationSk: (registrationId: string) => `REG#${registrationId}`,
  registrationPrefix: 'REG#',
  emailGuardSk: (email: string) =>
    `REGEMAIL#${createHash('sha256').update(normalizeEmail(email)).digest('hex')}`,
  waitlistSk: (registrationId: string) => `WAIT#${registrationId}`,
  waitlistPrefix: 'WAIT#',
  talkSk: (talkId: string) => `TALK#${talkId}`,
  talkPrefix: 'TALK#',
  liveStageSk: 'LIVE',
  pollSk: (pollId: string) => `POLL#${pollId}`,
  pollPrefix: 'POLL#',
  voteSk: (pollId: string, voterHash: string) => `VOTE#${pollId}#${voterHash}`,
  votePrefix: 'VOTE#',
  votePrefixOf: (pollId: string) => `VOTE#${pollId}#`,
  connectionPk: (connectionId: string) => `CONN#${connectionId}`,
  connectionSk: 'CONN',
  liveIndexPk: (eventId: string) => `LIVE#${eventId}`,
} as const;
