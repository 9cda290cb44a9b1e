/**
 * The real-time gateway: one WebSocket per app at {@code /ws}, rooms, and the fan-out of domain
 * events to the connections allowed to see them.
 *
 * <p>Read it like a small real-time engine: {@link com.servicehub.realtime.Hub} holds this node's
 * connections and rooms and writes to sockets; a {@link com.servicehub.realtime.Broker} carries every
 * publication (in memory on one node, over Redis in a cluster), so single-node mode is not a special
 * case; {@link com.servicehub.realtime.RoomAuthorizer} asks the domain modules who may join;
 * {@link com.servicehub.realtime.WebSocketGateway} only accepts, decodes, delegates and encodes.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Real-time gateway")
package com.servicehub.realtime;
