import type { LiveView, PollView } from '../api/types.js';

/** What the server sends on the live updates' WebSocket. */
export type ServerMessage =
  | { type: 'subscribed'; eventId: string; live: LiveView }
  | { type: 'pong' }
  | { type: 'voted'; pollId: string; optionId: string }
  | { type: 'live'; live: LiveView }
  | { type: 'poll'; eventId: string; poll: PollView }
  | { type: 'error'; code: string; detail: string; field?: string };

/** What this page sends. */
export type ClientMessage =
  | { type: 'subscribe'; eventId: string }
  | { type: 'heartbeat' }
  | { type: 'vote'; pollId: string; optionId: string; voterKey: string };

/** `live` once subscribed; `connecting` before the first time, `reconnecting` after a drop. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

export interface LiveSocketOptions {
  /** Resolves the WebSocket URL (read from /config.json). */
  readonly url: () => Promise<string>;
  readonly eventId: string;
  readonly onState: (state: ConnectionState) => void;
  readonly onMessage: (message: ServerMessage) => void;
}

/** A heartbeat a minute keeps the connection (and its stored record) alive. */
const HEARTBEAT_MS = 60_000;
const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 30_000;

/**
 * The wait before reconnect attempt `attempt` (0 first): doubling from one second up to 30,
 * each drawn at random from its upper half, so that a room of phones dropped by the same
 * network hiccup does not come back in one burst.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(attempt, 10));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Reads one frame; undefined for anything that is not a message this page knows. */
export function parseServerMessage(data: unknown): ServerMessage | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== 'object' || parsed === null || !('type' in parsed)) return undefined;
    const known = ['subscribed', 'pong', 'voted', 'live', 'poll', 'error'];
    // The server is trusted to keep its contract for each type; the type above is that contract.
    return typeof parsed.type === 'string' && known.includes(parsed.type)
      ? (parsed as ServerMessage)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One subscription to an event night's live updates that keeps itself connected: it subscribes
 * on every (re)connect, so the `subscribed` reply brings the page up to date, sends heartbeats,
 * and after a drop tries again with growing, jittered waits (at once when the browser says it
 * is back online).
 */
export class LiveSocket {
  private socket: WebSocket | undefined;
  private stopped = false;
  private everSubscribed = false;
  private attempt = 0;
  private retryTimer: number | undefined;
  private heartbeatTimer: number | undefined;
  private readonly online = () => {
    // Only while waiting to try again: an attempt under way is left to finish.
    if (this.retryTimer === undefined || this.stopped) return;
    window.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    void this.connect();
  };

  constructor(private readonly options: LiveSocketOptions) {}

  start(): void {
    this.options.onState('connecting');
    window.addEventListener('online', this.online);
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.online);
    window.clearTimeout(this.retryTimer);
    window.clearInterval(this.heartbeatTimer);
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000, 'page closed');
  }

  /** Sends a message if the connection is open; false when it is not. */
  send(message: ClientMessage): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  private async connect(): Promise<void> {
    let url: string;
    try {
      url = await this.options.url();
    } catch {
      this.dropped();
      return;
    }
    if (this.stopped) return;

    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify({ type: 'subscribe', eventId: this.options.eventId }));
      this.heartbeatTimer = window.setInterval(() => {
        this.send({ type: 'heartbeat' });
      }, HEARTBEAT_MS);
    });
    socket.addEventListener('message', (event: MessageEvent) => {
      const message = parseServerMessage(event.data);
      if (message === undefined || this.socket !== socket) return;
      if (message.type === 'subscribed') {
        this.everSubscribed = true;
        this.attempt = 0;
        this.options.onState('live');
      }
      this.options.onMessage(message);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.dropped();
    });
  }

  private dropped(): void {
    window.clearInterval(this.heartbeatTimer);
    this.socket = undefined;
    if (this.stopped) return;
    this.options.onState(this.everSubscribed ? 'reconnecting' : 'connecting');
    const delay = retryDelayMs(this.attempt);
    this.attempt += 1;
    this.retryTimer = window.setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }
}
