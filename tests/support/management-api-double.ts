import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A test double of API Gateway's WebSocket management API (there is none to reach here): a
 * loopback HTTP server that takes `POST /{stage}/@connections/{id}` and
 * `DELETE /{stage}/@connections/{id}` as the real one does, keeps what was posted to each
 * connection, and answers 410 GoneException for the connections a test marks as gone.
 */
export interface ManagementApiDouble {
  /** The endpoint to give the SDK client: `http://127.0.0.1:{port}/{stage}`. */
  readonly endpoint: string;
  /** Frames posted to each connection, parsed, in order. */
  readonly posted: Map<string, unknown[]>;
  /** Connections closed by the server's side. */
  readonly deleted: string[];
  /** Connections that answer 410. */
  readonly gone: Set<string>;
  close(): Promise<void>;
}

export async function startManagementApiDouble(stage = 'live'): Promise<ManagementApiDouble> {
  const posted = new Map<string, unknown[]>();
  const deleted: string[] = [];
  const gone = new Set<string>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const match = new RegExp(`^/${stage}/@connections/([^/?]+)`).exec(request.url ?? '');
      const connectionId = match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
      if (connectionId === undefined) {
        response.writeHead(404).end();
        return;
      }
      if (gone.has(connectionId)) {
        response
          .writeHead(410, {
            'content-type': 'application/json',
            'x-amzn-errortype': 'GoneException',
          })
          .end(JSON.stringify({ message: 'gone' }));
        return;
      }
      if (request.method === 'DELETE') {
        deleted.push(connectionId);
        response.writeHead(204).end();
        return;
      }
      const frames = posted.get(connectionId) ?? [];
      frames.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      posted.set(connectionId, frames);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${String(port)}/${stage}`,
    posted,
    deleted,
    gone,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
