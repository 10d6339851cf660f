import WebSocket from 'ws';

/** A frame the live server sent, parsed, with when it arrived (performance.now()). */
export interface ReceivedFrame {
  readonly message: { type: string } & Record<string, unknown>;
  readonly at: number;
}

/**
 * A WebSocket client of the live updates for tests and benchmarks: keeps every frame it
 * receives and waits for the one a test expects.
 */
export class LiveClient {
  readonly frames: ReceivedFrame[] = [];
  /** The close code and reason, once the server closed the connection. */
  closed: { code: number; reason: string } | undefined;
  private waiters: (() => void)[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => {
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data as ArrayBuffer).toString('utf8');
      this.frames.push({
        message: JSON.parse(text) as ReceivedFrame['message'],
        at: performance.now(),
      });
      this.wake();
    });
    socket.on('close', (code: number, reason: Buffer) => {
      this.closed = { code, reason: reason.toString('utf8') };
      this.wake();
    });
  }

  static async connect(url: string): Promise<LiveClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        resolve();
      });
      socket.once('error', reject);
    });
    return new LiveClient(socket);
  }

  /** Connects and subscribes to `eventId`; resolves with the `subscribed` reply. */
  static async following(url: string, eventId: string): Promise<LiveClient> {
    const client = await LiveClient.connect(url);
    client.send({ type: 'subscribe', eventId });
    await client.next((message) => message.type === 'subscribed');
    return client;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first frame from position `from` on that `matches`; waits up to `timeoutMs` for it. */
  async next(
    matches: (message: ReceivedFrame['message']) => boolean,
    { from = 0, timeoutMs = 5000 }: { from?: number; timeoutMs?: number } = {},
  ): Promise<ReceivedFrame['message']> {
    const frame = await this.nextFrame(matches, { from, timeoutMs });
    return frame.message;
  }

  /** As `next`, with the arrival time. */
  async nextFrame(
    matches: (message: ReceivedFrame['message']) => boolean,
    { from = 0, timeoutMs = 5000 }: { from?: number; timeoutMs?: number } = {},
  ): Promise<ReceivedFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find((frame) => matches(frame.message));
      if (found !== undefined) return found;
      if (this.closed !== undefined) {
        throw new Error(
          `the connection closed (${String(this.closed.code)}) before the frame came`,
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no matching frame came in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves once the server has closed the connection. */
  async whenClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (this.closed === undefined) {
      if (Date.now() > deadline) throw new Error('the connection stayed open');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.closed;
  }

  close(): void {
    this.socket.close();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
