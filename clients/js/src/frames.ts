/**
 * The WebSocket frames of docs/asyncapi.yaml (CONTRACT §3), as TypeScript types. test/frames.test.mjs
 * reads the AsyncAPI document and fails when a frame or a field here differs from it.
 */

export type Room = `booking:${string}` | `support:${string}` | `user:${string}`;
export type BookingStatus =
  | 'pending' | 'confirmed' | 'assigned' | 'en_route' | 'arrived' | 'in_progress' | 'completed' | 'cancelled';
export type ErrorCode =
  | 'FORBIDDEN' | 'INVALID_ROOM' | 'NOT_IN_ROOM' | 'INVALID_MESSAGE' | 'UNKNOWN_TYPE' | 'TOO_MANY_ROOMS' | 'RATE_LIMITED';

export interface Since { offset: number; epoch: string }
export interface GeoPoint { latitude: number; longitude: number }

// Client to server.
export interface JoinFrame { type: 'join'; room: Room; since?: Since }
export interface LeaveFrame { type: 'leave'; room: Room }
export interface TypingInFrame { type: 'typing'; room: Room; data: { isTyping: boolean } }
export interface PingFrame { type: 'ping' }
export interface AuthFrame { type: 'auth'; token: string }
export type ClientFrame = JoinFrame | LeaveFrame | TypingInFrame | PingFrame | AuthFrame;

// Server to client. Servers may add fields; clients ignore those they do not know.
export interface ConnectedFrame { type: 'connected'; userId: string; timestamp: string }
export interface JoinedRoomFrame {
  type: 'joined_room'; room: Room; recovered?: boolean; offset: number; epoch: string; timestamp: string;
}
export interface LeftRoomFrame { type: 'left_room'; room: Room; reason: 'left' | 'revoked'; timestamp: string }
export interface PongFrame { type: 'pong'; timestamp: string }
export interface AuthenticatedFrame { type: 'authenticated'; expiresAt: string; timestamp: string }
export interface ErrorFrame { type: 'error'; code: ErrorCode; message: string; room?: Room; timestamp: string }
/** Events kept in a room's history carry offset and epoch; ones published straight on Redis do not. */
export interface StatusUpdateFrame {
  type: 'status_update'; bookingId: string; status: BookingStatus; timestamp: string;
  room: Room; offset?: number; epoch?: string;
}
export interface MessageFrame {
  type: 'message'; ticketId: string; senderId: string;
  message: { id: string; message: string; createdAt: string };
  timestamp: string; room: Room; offset?: number; epoch?: string;
}
export interface LocationUpdateFrame {
  type: 'location_update'; bookingId: string; location: GeoPoint; timestamp: string;
  room: Room; offset?: number; epoch?: string;
}
/** A ticket closed or reopened (ServiceHub's own frame, beside the contract's events). */
export interface TicketStatusFrame {
  type: 'ticket_status'; ticketId: string; status: 'open' | 'closed'; changedBy: string; timestamp: string;
  room: Room; offset?: number; epoch?: string;
}
export interface TypingOutFrame { type: 'typing'; room: Room; userId: string; isTyping: boolean; timestamp: string }

export type RoomEventFrame = StatusUpdateFrame | MessageFrame | LocationUpdateFrame;
export type ServerFrame =
  | ConnectedFrame | JoinedRoomFrame | LeftRoomFrame | PongFrame | AuthenticatedFrame | ErrorFrame
  | RoomEventFrame | TicketStatusFrame | TypingOutFrame;
