/**
 * The real-time gateway: one WebSocket per app at {@code /ws}, rooms, and the fan-out of domain
 * events to the connections allowed to see them.
 *
 * <p>Read it like a small real-time engine: a {@link com.servicehub.realtime.Broker} keeps each
 * room's stream (publish, history, live feed) in memory on one node or in Redis in a cluster, and
 * knows nothing of connections or frames; the {@link com.servicehub.realtime.Node} is the one
 * subscription path above it (join, reply, replay, then live, with the rule in
 * {@link com.servicehub.realtime.Recovery}); the {@link com.servicehub.realtime.Hub} holds this
 * node's connections and rooms and writes to sockets; {@link com.servicehub.realtime.RoomAuthorizer}
 * asks the domain modules who may join; {@link com.servicehub.realtime.WebSocketGateway} and
 * {@link com.servicehub.realtime.FrameHandler} only accept, decode, delegate and encode.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Real-time gateway")
package com.servicehub.realtime;
