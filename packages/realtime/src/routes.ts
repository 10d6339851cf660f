import type { LiveBroadcaster } from './broadcast.js';
import { handleClientMessage, type MessageDependencies, type ServerMessage } from './messages.js';

/** One WebSocket event, as API Gateway routes it: `$connect`, `$disconnect` or a message. */
export interface WebSocketRouteEvent {
  /** `$connect`, `$disconnect`, or any other route key for a message. */
  readonly routeKey: string;
  readonly connectionId: string;
  readonly body?: string | null;
}

/** What the route answers: the status API Gateway expects and, for a message, the reply. */
export interface WebSocketRouteResult {
  readonly statusCode: number;
  readonly reply?: ServerMessage;
  /** Set when the adapter must close the connection after sending the reply. */
  readonly close?: string;
}

export interface RouteDependencies extends MessageDependencies {
  readonly broadcaster: Pick<LiveBroadcaster, 'pollChanged'>;
}

/**
 * Handles one WebSocket event with the connection store: stores a connection on connect,
 * forgets it on disconnect, and answers its messages; after a counted vote, everybody
 * following the event gets the poll's new counts. Both adapters (the API Gateway Lambda and
 * the local server of `npm start`) route every event through here.
 */
export async function handleWebSocketRoute(
  dependencies: RouteDependencies,
  event: WebSocketRouteEvent,
): Promise<WebSocketRouteResult> {
  const { connections, broadcaster } = dependencies;
  switch (event.routeKey) {
    case '$connect':
      await connections.open(event.connectionId);
      return { statusCode: 200 };
    case '$disconnect':
      await connections.close(event.connectionId);
      return { statusCode: 200 };
    default: {
      const outcome = await handleClientMessage(dependencies, event.connectionId, event.body);
      if (outcome.voted !== undefined) {
        await broadcaster.pollChanged(outcome.voted.eventId, outcome.voted.pollId);
      }
      // A refused message is answered with an error frame over a successful integration
      // response: API Gateway counts a 4xx from the function as an integration error, and one
      // client's bad messages must not look like a broken back end on the dashboard.
      return {
        statusCode: 200,
        reply: outcome.reply,
        ...(outcome.close === undefined ? {} : { close: outcome.close }),
      };
    }
  }
}
