import { Emitter } from './emitter.js';
import type {
  ClientFrame, ErrorFrame, JoinedRoomFrame, LeftRoomFrame, Room, RoomEventFrame, ServerFrame, Since, TypingOutFrame,
} from './frames.js';

/** What the client needs of a WebSocket: the browser's, or the `ws` package's in Node. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: any) => void) | null;
  onmessage: ((event: { data: any }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: any) => void) | null;
}
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'disconnected' | 'stopped';

export interface StateChange {
  state: ConnectionState;
  /** The close code, on `disconnected` and `stopped` (4000: no answer to ping, 4001: the device went offline). */
  code?: number;
  reason?: string;
  /** On `disconnected`: how long until the next attempt (undefined while offline: it waits for the network). */
  retryInMs?: number;
  /** Reconnect attempts since the last successful connection. */
  attempt: number;
  url?: string;
}

/** Why the client asks for a token: a new connection, an in-band refresh before expiry, or after a 1008 `token expired`. */
export type TokenReason = 'connect' | 'refresh' | 'expired';
export interface TokenRequest {
  reason: TokenReason;
  /** The token returned should stay valid at least this long; refresh it when it would not. */
  minValidityMs: number;
}

export interface ClientError {
  kind: 'auth' | 'token' | 'server' | 'room';
  code?: number | string;
  message: string;
  room?: Room;
}

export interface ClientOptions {
  /** `ws://host:5000/ws`; with several URLs (nodes of a cluster) each reconnect tries the next one. */
  url: string | string[];
  /** Gives an access token; called for every connection and before the current one expires. */
  getToken(request: TokenRequest): string | Promise<string>;
  /** The WebSocket class: the browser's by default; in Node pass the `ws` package's. */
  WebSocket?: WebSocketConstructor;
  /** Exponential backoff with jitter between failed attempts. */
  backoff?: { initialMs?: number; maxMs?: number; factor?: number };
  /** After a 1001 (server shutting down) reconnect at once, spread over this window (default 1000 ms). */
  shutdownJitterMs?: number;
  /** Send `auth` with a fresh token this long before expiry (default 30 s, at most a quarter of the token's lifetime). */
  refreshLeadMs?: number;
  /** Ping when nothing arrived for this long (default 25 s); drop the socket when the pong takes longer than the timeout (default 10 s). */
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
  /** Frames sent while offline wait in a queue of at most this many (default 100; typing is never queued). */
  maxQueue?: number;
  /** At most one `isTyping:true` per room this often (default 2000 ms); `isTyping:false` after this pause (default 3000 ms). */
  typingThrottleMs?: number;
  typingIdleMs?: number;
  /** Connect on construction (default true). */
  autoConnect?: boolean;
}

export interface ClientEvents {
  state: (change: StateChange) => void;
  connected: (info: { userId: string; url: string }) => void;
  error: (error: ClientError) => void;
  /** Every frame from the server, as parsed, before the client handles it. */
  frame: (frame: ServerFrame) => void;
  /** A frame the offline queue had to drop (the oldest, when full). */
  dropped: (frame: ClientFrame) => void;
}

export interface EventInfo {
  /** True for an event the server replayed after a reconnect. */
  replayed: boolean;
}

export interface GapInfo {
  /** `not_recovered`: joined_room said recovered:false; `epoch_changed`: a live event named another history. */
  reason: 'not_recovered' | 'epoch_changed';
  offset: number;
  epoch: string;
}

export interface RoomEvents {
  /** status_update, message, location_update: live or replayed, in order, each once. */
  event: (frame: RoomEventFrame, info: EventInfo) => void;
  typing: (typing: { userId: string; isTyping: boolean }) => void;
  joined: (joined: { offset: number; epoch: string; recovered: boolean | undefined; rejoin: boolean }) => void;
  /** Events may have been missed: reload this room's state over REST. */
  gap: (gap: GapInfo) => void;
  /** The server took the room away (`revoked`), or the app left it. */
  left: (left: { reason: 'left' | 'revoked' }) => void;
  error: (error: ErrorFrame) => void;
}

const OPEN = 1;
const MESSAGE_IDS_KEPT = 1000;

/** One room the app is subscribed to. It outlives connections: each new connection joins it again with `since`. */
export class Subscription extends Emitter<RoomEvents> {
  /** The last offset and epoch processed; undefined until the first `joined_room`. */
  offset: number | undefined;
  epoch: string | undefined;
  state: 'joining' | 'joined' | 'failed' | 'left' = 'joining';

  private askedSince = false;
  private everJoined = false;
  private replayUntil: number | undefined;
  private readonly messageIds = new Set<string>();
  private typingSentAt = -Infinity;
  private typingActive = false;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  /** @internal */
  constructor(readonly room: Room, private readonly client: ServiceHubClient, since?: Since) {
    super();
    if (since) {
      this.offset = since.offset;
      this.epoch = since.epoch;
    }
  }

  /** Where to resume from, for an app that keeps it across page loads. */
  get since(): Since | undefined {
    return this.offset !== undefined && this.epoch !== undefined ? { offset: this.offset, epoch: this.epoch } : undefined;
  }

  /** Call on every keystroke: sends `isTyping:true` at most once per throttle window and `isTyping:false` after a pause. */
  typing(): void {
    const now = Date.now();
    if (now - this.typingSentAt >= this.client.typingThrottleMs && this.client.sendTyping(this.room, true)) {
      this.typingSentAt = now;
      this.typingActive = true;
    }
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), this.client.typingIdleMs);
  }

  /** Says at once that the user stopped typing (e.g. the message was sent). */
  stopTyping(): void {
    clearTimeout(this.typingTimer);
    this.typingTimer = undefined;
    if (this.typingActive) {
      this.typingActive = false;
      this.client.sendTyping(this.room, false);
    }
  }

  /** Leaves the room; it is no longer joined on reconnect. */
  leave(): void {
    this.client.unsubscribe(this);
  }

  /** @internal */
  joinFrame(): ClientFrame {
    this.state = 'joining';
    const since = this.since;
    this.askedSince = since !== undefined;
    return since ? { type: 'join', room: this.room, since } : { type: 'join', room: this.room };
  }

  /** @internal */
  onDisconnected(): void {
    if (this.state === 'joined') this.state = 'joining';
    clearTimeout(this.typingTimer);
    this.typingActive = false;
  }

  /** @internal */
  onJoined(frame: JoinedRoomFrame): void {
    const rejoin = this.everJoined;
    this.everJoined = true;
    this.state = 'joined';
    if (this.askedSince && frame.recovered === true) {
      // The missed events follow; they move the offset on as they are handled.
      this.epoch = frame.epoch;
      this.replayUntil = frame.offset;
      this.emit('joined', { offset: frame.offset, epoch: frame.epoch, recovered: true, rejoin });
      return;
    }
    this.offset = frame.offset;
    this.epoch = frame.epoch;
    this.replayUntil = undefined;
    this.emit('joined', { offset: frame.offset, epoch: frame.epoch, recovered: frame.recovered, rejoin });
    if (this.askedSince) {
      this.emit('gap', { reason: 'not_recovered', offset: frame.offset, epoch: frame.epoch });
    }
  }

  /** @internal */
  onEvent(frame: RoomEventFrame): void {
    let gap = false;
    if (typeof frame.offset === 'number' && typeof frame.epoch === 'string') {
      if (this.epoch === frame.epoch && this.offset !== undefined && frame.offset <= this.offset) {
        return; // already handled: a replay overlapping what arrived live
      }
      gap = this.epoch !== undefined && this.epoch !== frame.epoch;
      this.offset = frame.offset;
      this.epoch = frame.epoch;
    }
    if (frame.type === 'message') {
      const id = frame.message?.id;
      if (id !== undefined) {
        if (this.messageIds.has(id)) return;
        this.messageIds.add(id);
        if (this.messageIds.size > MESSAGE_IDS_KEPT) {
          this.messageIds.delete(this.messageIds.values().next().value as string);
        }
      }
    }
    if (gap) {
      this.emit('gap', { reason: 'epoch_changed', offset: this.offset!, epoch: this.epoch! });
    }
    const replayed = this.replayUntil !== undefined && typeof frame.offset === 'number' && frame.offset <= this.replayUntil;
    if (this.replayUntil !== undefined && !replayed) this.replayUntil = undefined;
    this.emit('event', frame, { replayed });
  }

  /** @internal */
  onTyping(frame: TypingOutFrame): void {
    this.emit('typing', { userId: frame.userId, isTyping: frame.isTyping });
  }

  /** @internal */
  onLeft(frame: LeftRoomFrame): void {
    this.state = 'left';
    this.emit('left', { reason: frame.reason });
  }

  /** @internal */
  onError(frame: ErrorFrame): void {
    if (this.state === 'joining') this.state = 'failed';
    this.emit('error', frame);
  }

  /** @internal */
  markLeft(): void {
    this.state = 'left';
    this.stopTyping();
    this.emit('left', { reason: 'left' });
  }
}

/**
 * One WebSocket to ServiceHub, kept open: reconnects with backoff and jitter, refreshes its token
 * in-band, rejoins every subscribed room with its last offset and epoch, and hands each room's events
 * to its handlers once, in order, telling the app (`gap`) when it may have missed some.
 */
export class ServiceHubClient extends Emitter<ClientEvents> {
  readonly typingThrottleMs: number;
  readonly typingIdleMs: number;

  private readonly urls: string[];
  private urlIndex = 0;
  private readonly Ws: WebSocketConstructor;
  private readonly options: ClientOptions;
  private readonly subscriptions = new Map<Room, Subscription>();
  private readonly queue: ClientFrame[] = [];
  private readonly paced: ClientFrame[] = [];
  private socket: WebSocketLike | undefined;
  private currentState: ConnectionState = 'idle';
  private attempt = 0;
  private stopped = true;
  private ready = false;
  private tokenReason: TokenReason = 'connect';
  private expiredInARow = 0;
  private token: string | undefined;
  private user: string | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private pacingTimer: ReturnType<typeof setTimeout> | undefined;
  private lastFrameAt = 0;
  private pingSentAt: number | undefined;
  private bucket = 30;
  private bucketAt = Date.now();
  private waitingForNetwork = false;
  private readonly onOnline = () => this.networkBack();
  private readonly onOffline = () => this.networkLost();

  constructor(options: ClientOptions) {
    super();
    this.options = options;
    this.urls = Array.isArray(options.url) ? [...options.url] : [options.url];
    if (this.urls.length === 0) throw new Error('ServiceHubClient needs at least one url');
    const Ws = options.WebSocket ?? (globalThis as any).WebSocket;
    if (!Ws) throw new Error('No WebSocket class: pass options.WebSocket (in Node: the ws package)');
    this.Ws = Ws;
    this.typingThrottleMs = options.typingThrottleMs ?? 2000;
    this.typingIdleMs = options.typingIdleMs ?? 3000;
    if (options.autoConnect !== false) this.connect();
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** The connected user's id, once the server said `connected`. */
  get userId(): string | undefined {
    return this.user;
  }

  /** Starts (or restarts after `close()` or a fatal error) connecting. */
  connect(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    this.tokenReason = 'connect';
    const g = globalThis as any;
    if (typeof g.addEventListener === 'function' && typeof g.navigator?.onLine === 'boolean') {
      g.addEventListener('online', this.onOnline);
      g.addEventListener('offline', this.onOffline);
    }
    // Deferred, so that listeners added right after the constructor see 'connecting' too.
    queueMicrotask(() => void this.open());
  }

  /** Closes the connection for good (code 1000); subscriptions are kept for a later `connect()`. */
  close(): void {
    this.stop(1000, 'closed by the app');
  }

  /** Subscribes to a room (joined now if connected, and on every reconnect). `since` resumes from a known position. */
  subscribe(room: Room, since?: Since): Subscription {
    const existing = this.subscriptions.get(room);
    if (existing) return existing;
    const subscription = new Subscription(room, this, since);
    this.subscriptions.set(room, subscription);
    if (this.ready) this.transmit(subscription.joinFrame());
    return subscription;
  }

  /** The subscription of a room, if any. */
  subscription(room: Room): Subscription | undefined {
    return this.subscriptions.get(room);
  }

  /** @internal */
  unsubscribe(subscription: Subscription): void {
    if (this.subscriptions.get(subscription.room) !== subscription) return;
    this.subscriptions.delete(subscription.room);
    if (this.ready) this.transmit({ type: 'leave', room: subscription.room });
    subscription.markLeft();
  }

  /**
   * Sends a frame now, or queues it until the next connection (bounded: the oldest is dropped when full).
   * Typing is never queued. Joins and leaves are better done with subscribe() / leave().
   */
  send(frame: ClientFrame): boolean {
    if (this.ready) return this.transmit(frame);
    if (frame.type === 'typing' || frame.type === 'ping' || frame.type === 'auth') return false;
    this.queue.push(frame);
    const max = this.options.maxQueue ?? 100;
    while (this.queue.length > max) this.emit('dropped', this.queue.shift()!);
    return true;
  }

  /** @internal */
  sendTyping(room: Room, isTyping: boolean): boolean {
    const subscription = this.subscriptions.get(room);
    if (!this.ready || subscription?.state !== 'joined') return false;
    return this.transmit({ type: 'typing', room, data: { isTyping } });
  }

  // --- connection life cycle -------------------------------------------------------------------

  private async open(): Promise<void> {
    if (this.stopped) return;
    const g = globalThis as any;
    if (g.navigator?.onLine === false && typeof g.addEventListener === 'function') {
      this.waitingForNetwork = true;
      this.setState('disconnected', { reason: 'offline' });
      return;
    }
    const url = this.urls[this.urlIndex % this.urls.length];
    this.setState('connecting', { url });
    let token: string;
    try {
      token = await this.options.getToken({ reason: this.tokenReason, minValidityMs: 5000 });
    } catch (error) {
      this.emit('error', { kind: 'token', message: `getToken failed: ${describe(error)}` });
      this.scheduleReconnect(this.backoffDelay(), undefined, 'getToken failed');
      return;
    }
    if (this.stopped) return;
    this.token = token;
    let socket: WebSocketLike;
    try {
      socket = new this.Ws(url, ['bearer', token]);
    } catch (error) {
      this.scheduleReconnect(this.backoffDelay(), undefined, describe(error));
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.lastFrameAt = Date.now();
      this.pingSentAt = undefined;
      this.startHeartbeat();
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) this.onMessage(event.data);
    };
    socket.onerror = () => {
      // A close event follows with the code.
    };
    socket.onclose = (event) => {
      if (this.socket === socket) this.onClose(event.code, String(event.reason ?? ''));
    };
  }

  private onClose(code: number, reason: string): void {
    this.teardown();
    if (this.stopped) return;
    const wasReady = this.currentState === 'connected';
    if (code === 1008 && /invalid token/i.test(reason)) {
      this.emit('error', { kind: 'auth', code, message: reason || 'invalid token' });
      this.stop(code, reason);
      return;
    }
    if (this.urls.length > 1) this.urlIndex++;
    if (code === 1008 && /token expired/i.test(reason)) {
      this.tokenReason = 'expired';
      this.expiredInARow++;
      this.scheduleReconnect(this.expiredInARow > 1 ? this.backoffDelay() : 0, code, reason);
      return;
    }
    this.tokenReason = 'connect';
    if (code === 1001 && wasReady) {
      this.scheduleReconnect(Math.random() * (this.options.shutdownJitterMs ?? 1000), code, reason);
      return;
    }
    if (code === 4001) {
      this.waitingForNetwork = true;
      this.setState('disconnected', { code, reason });
      return;
    }
    this.scheduleReconnect(this.backoffDelay(), code, reason);
  }

  private backoffDelay(): number {
    const { initialMs = 500, maxMs = 15000, factor = 2 } = this.options.backoff ?? {};
    const ceiling = Math.min(maxMs, initialMs * factor ** this.attempt);
    this.attempt++;
    return ceiling / 2 + Math.random() * ceiling / 2;
  }

  private scheduleReconnect(delay: number, code: number | undefined, reason: string): void {
    this.setState('disconnected', { code, reason, retryInMs: Math.round(delay) });
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.open();
    }, delay);
  }

  private teardown(): void {
    const socket = this.socket;
    this.socket = undefined;
    this.ready = false;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
      if (socket.readyState <= OPEN) {
        try {
          socket.close(1000);
        } catch {
          // already closing
        }
      }
    }
    clearTimeout(this.refreshTimer);
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.pacingTimer);
    this.paced.length = 0;
    for (const subscription of this.subscriptions.values()) subscription.onDisconnected();
  }

  private stop(code: number, reason: string): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const g = globalThis as any;
    if (typeof g.removeEventListener === 'function') {
      g.removeEventListener('online', this.onOnline);
      g.removeEventListener('offline', this.onOffline);
    }
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
      try {
        socket.close(1000, reason.slice(0, 100));
      } catch {
        // already closed
      }
    }
    this.teardown();
    this.setState('stopped', { code, reason });
  }

  /** Drops the current socket from this side and handles it like a close from the server. */
  private drop(code: number, reason: string): void {
    if (!this.socket) return;
    this.onClose(code, reason);
  }

  private networkLost(): void {
    this.drop(4001, 'offline');
  }

  private networkBack(): void {
    if (this.stopped) return;
    if (this.waitingForNetwork || this.reconnectTimer) {
      this.waitingForNetwork = false;
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = undefined;
      this.attempt = 0;
      void this.open();
    }
  }

  private setState(state: ConnectionState, extra: Partial<StateChange> = {}): void {
    this.currentState = state;
    this.emit('state', { state, attempt: this.attempt, ...extra });
  }

  // --- frames ----------------------------------------------------------------------------------

  private onMessage(data: unknown): void {
    this.lastFrameAt = Date.now();
    this.pingSentAt = undefined;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch {
      return;
    }
    this.emit('frame', frame);
    switch (frame.type) {
      case 'connected':
        this.onConnected(frame.userId);
        break;
      case 'joined_room':
        this.subscriptions.get(frame.room)?.onJoined(frame);
        break;
      case 'left_room': {
        const subscription = this.subscriptions.get(frame.room);
        if (subscription && frame.reason === 'revoked') {
          this.subscriptions.delete(frame.room);
          subscription.onLeft(frame);
        }
        break;
      }
      case 'error': {
        const subscription = frame.room ? this.subscriptions.get(frame.room) : undefined;
        if (subscription) {
          if (subscription.state === 'joining') this.subscriptions.delete(frame.room!);
          subscription.onError(frame);
        } else {
          this.emit('error', { kind: 'server', code: frame.code, message: frame.message, room: frame.room });
        }
        break;
      }
      case 'status_update':
      case 'message':
      case 'location_update':
        if (frame.room) this.subscriptions.get(frame.room)?.onEvent(frame);
        break;
      case 'typing':
        this.subscriptions.get(frame.room)?.onTyping(frame);
        break;
      default:
        break; // pong, authenticated, and frames of later versions
    }
  }

  private onConnected(userId: string): void {
    this.user = userId;
    this.ready = true;
    this.attempt = 0;
    this.expiredInARow = 0;
    this.tokenReason = 'connect';
    const url = this.urls[this.urlIndex % this.urls.length];
    this.setState('connected', { url });
    this.emit('connected', { userId, url });
    this.scheduleRefresh();
    for (const subscription of this.subscriptions.values()) this.transmit(subscription.joinFrame());
    for (const frame of this.queue.splice(0)) this.transmit(frame);
  }

  /** Sends within the server's rate limit (20 frames/s, bursts of 40): frames past it wait, typing is dropped. */
  private transmit(frame: ClientFrame): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return false;
    const now = Date.now();
    this.bucket = Math.min(30, this.bucket + (now - this.bucketAt) * 15 / 1000);
    this.bucketAt = now;
    if (this.paced.length === 0 && this.bucket >= 1) {
      this.bucket -= 1;
      socket.send(JSON.stringify(frame));
      return true;
    }
    if (frame.type === 'typing') return false;
    this.paced.push(frame);
    if (!this.pacingTimer) this.pacingTimer = setTimeout(() => this.drainPaced(), 70);
    return true;
  }

  private drainPaced(): void {
    this.pacingTimer = undefined;
    const frames = this.paced.splice(0);
    for (const frame of frames) this.transmit(frame);
  }

  // --- token refresh and liveness --------------------------------------------------------------

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    const claims = this.token ? decodeClaims(this.token) : undefined;
    if (!claims?.exp) return;
    const lifetimeMs = claims.iat ? (claims.exp - claims.iat) * 1000 : 15 * 60_000;
    const leadMs = Math.min(this.options.refreshLeadMs ?? 30_000, lifetimeMs / 4);
    const delay = Math.max(0, claims.exp * 1000 - leadMs - Date.now());
    this.refreshTimer = setTimeout(() => void this.refresh(leadMs), delay);
  }

  private async refresh(leadMs: number): Promise<void> {
    const socket = this.socket;
    let token: string;
    try {
      token = await this.options.getToken({ reason: 'refresh', minValidityMs: leadMs + 1000 });
    } catch (error) {
      this.emit('error', { kind: 'token', message: `getToken failed: ${describe(error)}` });
      if (this.socket === socket) this.refreshTimer = setTimeout(() => void this.refresh(leadMs), Math.min(5000, leadMs / 2));
      return;
    }
    if (this.socket !== socket || !this.ready) return;
    const previous = this.token ? decodeClaims(this.token)?.exp ?? 0 : 0;
    const next = decodeClaims(token)?.exp ?? 0;
    if (next <= previous) return; // no newer token: the server will close with 1008 token expired, and we reconnect
    this.token = token;
    this.transmit({ type: 'auth', token });
    this.scheduleRefresh();
  }

  private startHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    const every = this.options.heartbeatMs ?? 25_000;
    const timeout = this.options.heartbeatTimeoutMs ?? 10_000;
    this.heartbeatTimer = setInterval(() => {
      const now = Date.now();
      if (this.pingSentAt !== undefined) {
        if (now - this.pingSentAt > timeout) this.drop(4000, 'no answer to ping');
      } else if (now - this.lastFrameAt >= every && this.ready) {
        this.pingSentAt = now;
        this.transmit({ type: 'ping' });
      }
    }, Math.max(250, Math.min(1000, timeout / 2)));
  }
}

function decodeClaims(token: string): { exp?: number; iat?: number } | undefined {
  try {
    const part = token.split('.')[1];
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    return JSON.parse(atob(base64));
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
