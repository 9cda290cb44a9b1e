export { ServiceHubClient, Subscription } from './client.js';
export type {
  ClientOptions, ClientEvents, ClientError, ConnectionState, StateChange, TokenReason, TokenRequest,
  WebSocketConstructor, WebSocketLike, RoomEvents, EventInfo, GapInfo,
} from './client.js';
export { ServiceHubApi, ProblemError } from './rest.js';
export type {
  ApiOptions, Session, User, Booking, BookingPage, Ticket, Message, TokenResponse, NewBooking, NewTicket, NewUser,
  LastLocation,
} from './rest.js';
export type * from './frames.js';
export type { components as OpenApiSchemas, paths as OpenApiPaths } from './openapi.js';
