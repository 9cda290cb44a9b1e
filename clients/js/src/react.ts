/**
 * React hooks over ServiceHubClient and ServiceHubApi: `@servicehub/client/react`.
 * Wrap the app in <ServiceHubProvider client={...} api={...}>, then use the hooks anywhere below it.
 */
import {
  createContext, createElement, useCallback, useContext, useEffect, useRef, useState, type ReactNode,
} from 'react';

import type { ServiceHubClient, StateChange, Subscription } from './client.js';
import type { BookingStatus, GeoPoint, Room, RoomEventFrame } from './frames.js';
import type { Booking, Message, ServiceHubApi } from './rest.js';

interface Hub {
  client: ServiceHubClient;
  api: ServiceHubApi;
}

const HubContext = createContext<Hub | null>(null);

export function ServiceHubProvider(props: { client: ServiceHubClient; api: ServiceHubApi; children?: ReactNode }) {
  const { client, api, children } = props;
  const [value, setValue] = useState<Hub>({ client, api });
  useEffect(() => setValue({ client, api }), [client, api]);
  return createElement(HubContext.Provider, { value }, children);
}

function useHub(): Hub {
  const hub = useContext(HubContext);
  if (!hub) throw new Error('ServiceHub hooks need a <ServiceHubProvider> above them');
  return hub;
}

// Several components may watch one room: the room is left when the last of them unmounts.
const holders = new WeakMap<ServiceHubClient, Map<Room, number>>();

function useRoom(client: ServiceHubClient, room: Room | undefined, attach: (s: Subscription) => (() => void)): void {
  const attachRef = useRef(attach);
  attachRef.current = attach;
  useEffect(() => {
    if (!room) return undefined;
    let counts = holders.get(client);
    if (!counts) holders.set(client, (counts = new Map()));
    counts.set(room, (counts.get(room) ?? 0) + 1);
    const subscription = client.subscribe(room);
    const detach = attachRef.current(subscription);
    return () => {
      detach();
      const left = (counts!.get(room) ?? 1) - 1;
      if (left === 0) {
        counts!.delete(room);
        subscription.leave();
      } else {
        counts!.set(room, left);
      }
    };
  }, [client, room]);
}

export interface ServiceHubState {
  client: ServiceHubClient;
  api: ServiceHubApi;
  /** The last connection state change (state, close code and reason, next retry). */
  connection: StateChange;
  connected: boolean;
}

/** The client, the REST API, and the connection state, re-rendered on every change. */
export function useServiceHub(): ServiceHubState {
  const { client, api } = useHub();
  const [connection, setConnection] = useState<StateChange>({ state: client.state, attempt: 0 });
  useEffect(() => {
    setConnection({ state: client.state, attempt: 0 });
    return client.on('state', setConnection);
  }, [client]);
  return { client, api, connection, connected: connection.state === 'connected' };
}

export interface TimelineEntry {
  status: BookingStatus;
  at: string;
}

export interface BookingState {
  booking: Booking | undefined;
  status: BookingStatus | undefined;
  /** Status changes seen live (or replayed) since the page opened, oldest first. */
  timeline: TimelineEntry[];
  location: (GeoPoint & { at: string }) | undefined;
  loading: boolean;
  error: Error | undefined;
  /** When the room reported a gap and the booking was reloaded over REST (for a "you may have missed updates" notice). */
  reloadedAt: number | undefined;
  reload(): Promise<void>;
}

/** A booking kept live: loaded over REST, then status and location from `booking:<id>`, reloaded on a gap. */
export function useBooking(id: string | undefined): BookingState {
  const { client, api } = useHub();
  const [booking, setBooking] = useState<Booking>();
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [location, setLocation] = useState<GeoPoint & { at: string }>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();
  const [reloadedAt, setReloadedAt] = useState<number>();
  const liveAt = useRef<string>('');

  const reload = useCallback(async () => {
    if (!id) return;
    try {
      const [fresh, last] = await Promise.all([api.bookings.get(id), api.bookings.location(id)]);
      // A live event newer than what REST answered wins.
      setBooking((current) => (current && liveAt.current > fresh.updatedAt ? { ...fresh, status: current.status } : fresh));
      if (last) setLocation((current) => (current && current.at > last.timestamp ? current : { ...last.location, at: last.timestamp }));
      setError(undefined);
    } catch (e) {
      setError(e as Error);
    } finally {
      setLoading(false);
    }
  }, [api, id]);

  useEffect(() => {
    setBooking(undefined);
    setTimeline([]);
    setLocation(undefined);
    setLoading(true);
    setReloadedAt(undefined);
    liveAt.current = '';
    void reload();
  }, [reload]);

  useRoom(client, id ? `booking:${id}` : undefined, (subscription) => {
    const offEvent = subscription.on('event', (frame: RoomEventFrame) => {
      if (frame.type === 'status_update') {
        liveAt.current = frame.timestamp;
        setBooking((current) => (current ? { ...current, status: frame.status, updatedAt: frame.timestamp } : current));
        setTimeline((entries) => [...entries, { status: frame.status, at: frame.timestamp }]);
      } else if (frame.type === 'location_update') {
        setLocation({ ...frame.location, at: frame.timestamp });
      }
    });
    const offGap = subscription.on('gap', () => {
      setReloadedAt(Date.now());
      void reload();
    });
    return () => {
      offEvent();
      offGap();
    };
  });

  return { booking, status: booking?.status, timeline, location, loading, error, reloadedAt, reload };
}

export interface SupportChatState {
  messages: Message[];
  /** Ids of the other users typing now. */
  typing: string[];
  loading: boolean;
  error: Error | undefined;
  hasOlder: boolean;
  loadOlder(): Promise<void>;
  send(text: string): Promise<Message>;
  /** Call on each keystroke: throttled `typing` frames, `isTyping:false` after a pause or on send. */
  notifyTyping(): void;
  reloadedAt: number | undefined;
}

const PAGE = 50;
const TYPING_SHOWN_MS = 6000;

/** A support ticket's messages (paged over REST plus live ones, each once), who is typing, and `send`. */
export function useSupportChat(ticketId: string | undefined): SupportChatState {
  const { client, api } = useHub();
  const [messages, setMessages] = useState<Message[]>([]);
  const [typing, setTyping] = useState<string[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();
  const [hasOlder, setHasOlder] = useState(false);
  const [reloadedAt, setReloadedAt] = useState<number>();
  const subscriptionRef = useRef<Subscription | undefined>(undefined);
  const typingTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const merge = useCallback((incoming: Message[]) => {
    setMessages((current) => {
      const byId = new Map(current.map((m) => [m.id, m]));
      for (const m of incoming) byId.set(m.id, m);
      return [...byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    });
  }, []);

  const loadLatest = useCallback(async () => {
    if (!ticketId) return;
    try {
      const page = await api.support.messages(ticketId, { limit: PAGE });
      merge(page);
      setHasOlder(page.length === PAGE);
      setError(undefined);
    } catch (e) {
      setError(e as Error);
    } finally {
      setLoading(false);
    }
  }, [api, ticketId, merge]);

  useEffect(() => {
    setMessages([]);
    setTyping([]);
    setLoading(true);
    setReloadedAt(undefined);
    void loadLatest();
  }, [loadLatest]);

  useRoom(client, ticketId ? `support:${ticketId}` : undefined, (subscription) => {
    subscriptionRef.current = subscription;
    const timers = typingTimers.current;
    const stopShowing = (userId: string) => {
      clearTimeout(timers.get(userId));
      timers.delete(userId);
      setTyping((ids) => ids.filter((x) => x !== userId));
    };
    const offEvent = subscription.on('event', (frame: RoomEventFrame) => {
      if (frame.type !== 'message') return;
      stopShowing(frame.senderId);
      merge([{ id: frame.message.id, ticketId: frame.ticketId, senderId: frame.senderId, message: frame.message.message,
        createdAt: frame.message.createdAt }]);
    });
    const offTyping = subscription.on('typing', ({ userId, isTyping }) => {
      if (userId === client.userId) return;
      if (!isTyping) {
        stopShowing(userId);
        return;
      }
      clearTimeout(timers.get(userId));
      timers.set(userId, setTimeout(() => stopShowing(userId), TYPING_SHOWN_MS));
      setTyping((ids) => (ids.includes(userId) ? ids : [...ids, userId]));
    });
    const offGap = subscription.on('gap', () => {
      setReloadedAt(Date.now());
      void loadLatest();
    });
    return () => {
      offEvent();
      offTyping();
      offGap();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      subscriptionRef.current = undefined;
    };
  });

  const loadOlder = useCallback(async () => {
    if (!ticketId || messages.length === 0) return;
    const page = await api.support.messages(ticketId, { before: messages[0].id, limit: PAGE });
    merge(page);
    setHasOlder(page.length === PAGE);
  }, [api, ticketId, messages, merge]);

  const send = useCallback(async (text: string) => {
    if (!ticketId) throw new Error('No ticket');
    subscriptionRef.current?.stopTyping();
    const message = await api.support.postMessage(ticketId, text);
    merge([message]);
    return message;
  }, [api, ticketId, merge]);

  const notifyTyping = useCallback(() => subscriptionRef.current?.typing(), []);

  return { messages, typing, loading, error, hasOlder, loadOlder, send, notifyTyping, reloadedAt };
}
