import type { ConnectionsRepository } from '@ltc/data';
import { DomainError } from '@ltc/domain';
import { z } from 'zod';

/** The largest message a client may send, in bytes. */
export const MAX_MESSAGE_BYTES = 4096;

/** What a client of the live event page sends. */
export const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), eventId: z.string().min(1).max(64) }).strict(),
  z.object({ type: z.literal('heartbeat') }).strict(),
]);
export type ClientMessage = z.infer<typeof clientMessage>;

/** What the server answers a client message with. */
export type ServerReply =
  | { readonly type: 'subscribed'; readonly eventId: string }
  | { readonly type: 'pong' }
  | { readonly type: 'error'; readonly code: string; readonly detail: string };

/**
 * Handles one message from a connection: checks its size and shape, then subscribes it to an
 * event or records a heartbeat. Bad input is answered with an error reply, never a throw.
 */
export async function handleClientMessage(
  connections: ConnectionsRepository,
  connectionId: string,
  body: string | null | undefined,
): Promise<ServerReply> {
  const text = body ?? '';
  if (Buffer.byteLength(text, 'utf8') > MAX_MESSAGE_BYTES) {
    return {
      type: 'error',
      code: 'too-large',
      detail: `messages are limited to ${String(MAX_MESSAGE_BYTES)} bytes`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { type: 'error', code: 'malformed', detail: 'a message is one JSON object' };
  }
  const parsed = clientMessage.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    return {
      type: 'error',
      code: 'invalid-message',
      detail: `${field === '' ? 'message' : field}: ${issue?.message ?? 'is invalid'}`,
    };
  }

  try {
    if (parsed.data.type === 'subscribe') {
      await connections.subscribe(connectionId, parsed.data.eventId);
      return { type: 'subscribed', eventId: parsed.data.eventId };
    }
    await connections.heartbeat(connectionId);
    return { type: 'pong' };
  } catch (error) {
    if (error instanceof DomainError) {
      return { type: 'error', code: error.code, detail: error.message };
    }
    throw error;
  }
}
