package com.servicehub.realtime;

import java.util.UUID;

/**
 * Carries every publication to every node's {@link Hub}: this node's connections first, then
 * the others. One path for all publishes, so a single node is not a special case.
 */
interface Broker {

    /** An event for rooms (status, message, location). */
    void publish(RoomEvent event);

    /**
     * Adds the connection to the room and answers {@code joined_room} with the room's offset and
     * epoch; with {@code since}, replays what the connection missed, or says it cannot. Atomic
     * with publishing into the room: no gap and no duplicate between replay and live events.
     */
    void subscribe(Connection connection, String room, ClientFrame.Since since);

    /** Someone typing: to the room's other connections on every node, never kept. */
    void publishTyping(ServerFrame.Typing typing, Connection sender);

    /** A user lost access to a room: its connections leave it on every node. */
    void publishRevocation(String room, UUID userId);
}
