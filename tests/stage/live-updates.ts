import WebSocket from 'ws';

/**
 * A client of the live updates, as the live event page uses them: it connects, subscribes to
 * an event and sends heartbeats; each message it sends is answered with one reply.
 */
export class LiveUpdatesClient {
  private readonly replies: unknown[] = [];
  private readonly waiting: ((reply: unknown) => void)[] = [];

  private constructor(
    private readonly socket: WebSocket,
    private readonly timeoutMs: number,
  ) {
    socket.on('message', (data: WebSocket.RawData) => {
      const reply = parseReply(data);
      const next = this.waiting.shift();
      if (next === undefined) this.replies.push(reply);
      else next(reply);
    });
  }

  /** Opens a connection; fails after the timeout or when the server refuses it. */
  static async connect(url: URL, timeoutMs: number): Promise<LiveUpdatesClient> {
    const socket = new WebSocket(url, { handshakeTimeout: timeoutMs });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        resolve();
      });
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) => {
        reject(new Error(`the WebSocket handshake answered ${String(response.statusCode)}`));
      });
    });
    return new LiveUpdatesClient(socket, timeoutMs);
  }

  /** Sends one message (an object as JSON, a string as it is) and waits for its reply. */
  async request(message: unknown): Promise<unknown> {
    const reply = this.nextReply();
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
    return reply;
  }

  /** Closes the connection (the server forgets it), or drops it after the timeout. */
  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, this.timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.close();
    });
  }

  private nextReply(): Promise<unknown> {
    const queued = this.replies.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no reply within ${String(this.timeoutMs)} ms`));
      }, this.timeoutMs);
      this.waiting.push((reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  }
}

function parseReply(data: WebSocket.RawData): unknown {
  const text = Array.isArray(data)
    ? Buffer.concat(data).toString('utf8')
    : Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Buffer.from(data).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
