import { MESSAGE_RATE_LIMIT, type ConnectionsRepository, type LiveRepository } from '@ltc/data';
import { DomainError, voterKey } from '@ltc/domain';
import { z } from 'zod';

import type { LiveView, PollView } from './live-view.js';
import { toLiveView } from './live-view.js';

/** The largest message a client may send, in bytes. */
export const MAX_MESSAGE_BYTES = 4096;

const id = z.string().min(1).max(64);

/** What a client of the live event page sends. */
export const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), eventId: id }).strict(),
  z.object({ type: z.literal('heartbeat') }).strict(),
  z.object({ type: z.literal('vote'), pollId: id, optionId: id, voterKey: voterKey }).strict(),
]);
export type ClientMessage = z.infer<typeof clientMessage>;

/** Codes of the error frames, so a client can react without reading the text. */
export type ErrorCode =
  'too-large' | 'malformed' | 'invalid-message' | 'rate-limited' | 'not-subscribed' | (string & {});

/** What the server sends: a reply to the sender, or a broadcast to everybody following an event. */
export type ServerMessage =
  | { readonly type: 'subscribed'; readonly eventId: string; readonly live: LiveView }
  | { readonly type: 'pong' }
  | { readonly type: 'voted'; readonly pollId: string; readonly optionId: string }
  | { readonly type: 'live'; readonly live: LiveView }
  | { readonly type: 'poll'; readonly eventId: string; readonly poll: PollView }
  | {
      readonly type: 'error';
      readonly code: ErrorCode;
      readonly detail: string;
      readonly field?: string;
      /** The poll a refused vote was for, so a client with several open polls can tell. */
      readonly pollId?: string;
    };

/** The answer to one client message. */
export interface MessageOutcome {
  readonly reply: ServerMessage;
  /** Set when the connection must be closed after the reply, with the reason to give. */
  readonly close?: string;
  /** Set after a counted vote: the poll whose new counts everybody should see. */
  readonly voted?: { readonly eventId: string; readonly pollId: string };
}

export interface MessageDependencies {
  readonly connections: ConnectionsRepository;
  readonly live: LiveRepository;
  readonly now?: () => Date;
}

function refuse(code: ErrorCode, detail: string, field?: string, pollId?: string): MessageOutcome {
  return {
    reply: {
      type: 'error',
      code,
      detail,
      ...(field === undefined ? {} : { field }),
      ...(pollId === undefined ? {} : { pollId }),
    },
  };
}

/**
 * Handles one message from a connection: checks its size, shape and the connection's message
 * rate, then subscribes it to an event (answering with the whole live state, so a client that
 * reconnects catches up), records a heartbeat, or counts a vote. Bad input is answered with an
 * error frame, never a throw; a connection that keeps flooding is closed.
 */
export async function handleClientMessage(
  { connections, live, now = () => new Date() }: MessageDependencies,
  connectionId: string,
  body: string | null | undefined,
): Promise<MessageOutcome> {
  try {
    const admission = await connections.admit(connectionId);
    if (admission.messagesInWindow > MESSAGE_RATE_LIMIT.closeAfter) {
      return {
        ...refuse('rate-limited', 'too many messages; this connection is closed'),
        close: 'too many messages',
      };
    }
    if (admission.messagesInWindow > MESSAGE_RATE_LIMIT.allowed) {
      return refuse(
        'rate-limited',
        `at most ${String(MESSAGE_RATE_LIMIT.allowed)} messages every ${String(MESSAGE_RATE_LIMIT.windowSeconds)} seconds; this one was dropped`,
      );
    }

    const text = body ?? '';
    if (Buffer.byteLength(text, 'utf8') > MAX_MESSAGE_BYTES) {
      return refuse('too-large', `messages are limited to ${String(MAX_MESSAGE_BYTES)} bytes`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return refuse('malformed', 'a message is one JSON object');
    }
    const parsed = clientMessage.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // An unknown key is reported on the message itself; name the key as the field.
      const path =
        issue?.code === 'unrecognized_keys'
          ? [...issue.path, ...issue.keys.slice(0, 1)]
          : issue?.path;
      const field = path?.join('.') ?? '';
      return refuse(
        'invalid-message',
        `${field === '' ? 'message' : field}: ${issue?.message ?? 'is invalid'}`,
        field === '' ? undefined : field,
      );
    }

    const message = parsed.data;
    switch (message.type) {
      case 'subscribe': {
        await connections.subscribe(connectionId, message.eventId);
        const view = toLiveView(await live.snapshot(message.eventId), now());
        return { reply: { type: 'subscribed', eventId: message.eventId, live: view } };
      }
      case 'heartbeat':
        // Admitting the message already pushed the connection's expiry on.
        return { reply: { type: 'pong' } };
      case 'vote': {
        const { eventId } = admission;
        if (eventId === undefined) {
          return refuse('not-subscribed', 'subscribe to an event before voting in its polls');
        }
        try {
          await live.vote(eventId, message.pollId, message.optionId, message.voterKey);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          return refuse(error.code, error.message, error.field, message.pollId);
        }
        return {
          reply: { type: 'voted', pollId: message.pollId, optionId: message.optionId },
          voted: { eventId, pollId: message.pollId },
        };
      }
    }
  } catch (error) {
    if (error instanceof DomainError) return refuse(error.code, error.message, error.field);
    throw error;
  }
}
