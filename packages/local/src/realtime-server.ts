import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

import type { Logger } from '@aws-lambda-powertools/logger';
import type { Repositories } from '@ltc/data';
import {
  handleWebSocketRoute,
  LiveBroadcaster,
  MAX_MESSAGE_BYTES,
  type ConnectionSender,
} from '@ltc/realtime';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

/** The path of the live updates on the local server; in AWS it is the WebSocket API's URL. */
export const LOCAL_WEBSOCKET_PATH = '/ws';

/** The local stand-in for the API Gateway WebSocket API. */
export interface LocalRealtimeServer {
  /** Takes an HTTP upgrade request; answers 404 to any path but the WebSocket one. */
  readonly handleUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Pushes changes of an event night to its followers, as the API's organizer routes need. */
  readonly broadcaster: LiveBroadcaster;
  /** Closes every open connection. */
  close(): Promise<void>;
}

/** WebSocket close code for a connection closed for breaking the rules (RFC 6455). */
const POLICY_VIOLATION = 1008;

/**
 * The live updates of `npm start`: a thin adapter from `ws` connections to the same route
 * handler the realtime Lambda runs, playing API Gateway's part (a connection id per socket,
 * `$connect`, each message answered on its socket, `$disconnect`).
 */
export function createLocalRealtimeServer(
  { connections, live }: Pick<Repositories, 'connections' | 'live'>,
  logger: Logger,
): LocalRealtimeServer {
  // Frames a little larger than a message may be are refused by the handler with its own reply;
  // larger ones close the connection (1009), as API Gateway refuses frames over its own limit.
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES * 4 });
  const sockets = new Map<string, WebSocket>();
  /** The event each open connection follows, as its `subscribed` reply said. */
  const following = new Map<string, string>();
  const sender: ConnectionSender = {
    send: (connectionId, data) => {
      const socket = sockets.get(connectionId);
      if (socket === undefined || socket.readyState !== socket.OPEN) {
        return Promise.resolve('gone');
      }
      return new Promise((resolve) => {
        socket.send(data, (error) => {
          resolve(error instanceof Error ? 'gone' : 'sent');
        });
      });
    },
    disconnect: (connectionId, reason) => {
      sockets.get(connectionId)?.close(POLICY_VIOLATION, reason);
      return Promise.resolve();
    },
  };
  // This server holds every connection of the product, so it knows who follows an event
  // without asking the table's index on each broadcast.
  const broadcaster = new LiveBroadcaster(connections, live, sender, (eventId) =>
    Promise.resolve(
      [...following].filter(([, followed]) => followed === eventId).map(([id]) => id),
    ),
  );

  const route = (routeKey: string, connectionId: string, body?: string) =>
    handleWebSocketRoute(
      { connections, live, broadcaster },
      { routeKey, connectionId, body },
    ).catch((error: unknown) => {
      logger.error('realtime route failed', { routeKey, error: error as Error });
      return undefined;
    });

  server.on('connection', (socket: WebSocket) => {
    const connectionId = randomUUID();
    sockets.set(connectionId, socket);
    // Messages wait for $connect to be stored, as API Gateway delivers them only after it, and
    // each waits for the one before it, so a connection's messages are answered in order.
    const opened = route('$connect', connectionId);
    let previous: Promise<unknown> = opened;
    socket.on('message', (data: RawData) => {
      const text = rawText(data);
      previous = previous.then(async () => {
        const result = await route('$default', connectionId, text);
        if (result?.reply?.type === 'subscribed') following.set(connectionId, result.reply.eventId);
        if (result?.reply !== undefined && socket.readyState === socket.OPEN) {
          socket.send(JSON.stringify(result.reply));
        }
        if (result?.close !== undefined) await sender.disconnect(connectionId, result.close);
      });
    });
    // A frame over the size limit makes `ws` close the socket (1009) and report it here; without
    // a listener it would be thrown and stop the whole server.
    socket.on('error', (error) => {
      logger.info('live connection closed for a protocol error', { code: errorCode(error) });
    });
    socket.on('close', () => {
      sockets.delete(connectionId);
      following.delete(connectionId);
      void previous.then(() => route('$disconnect', connectionId));
    });
  });

  return {
    broadcaster,
    handleUpgrade: (request, socket, head) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (path !== LOCAL_WEBSOCKET_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      server.handleUpgrade(request, socket, head, (webSocket) => {
        server.emit('connection', webSocket, request);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => {
          resolve();
        });
      }),
  };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function errorCode(error: Error): string {
  return 'code' in error && typeof error.code === 'string' ? error.code : error.name;
}
