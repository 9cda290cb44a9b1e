package com.servicehub.realtime;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps each room's stream and carries publications between nodes, in centrifuge's sense: it
 * knows rooms, events and positions, never connections or frames. Every publication takes one
 * path: the broker assigns the positions, hands the event to this node's {@link Handler} first,
 * then to the other nodes', whose brokers hand it to theirs. Memory and Redis implement exactly
 * this; everything a client sees (joins, replay, live delivery) is built above it by the
 * {@link Node}.
 */
interface Broker {

    /** Receives what the broker delivers: this node's publications and the other nodes'. */
    interface Handler {

        /**
         * An event of a room. {@code position} is null for an event that another service published
         * straight on a Redis channel: delivered live, part of no history.
         */
        void handlePublication(String room, RoomEvent event, StreamPosition position, long publishedAtNanos);

        /**
         * An event of a room that this node's members of the room were sent already (while the
         * store was out of reach) and that now has its shared position: the position counts, so
         * the stream goes on from it, but nothing is sent again.
         */
        void handleDeliveredAlready(String room, RoomEvent event, StreamPosition position);

        /** The link to the other nodes was re-established: what they published meanwhile may be missing here. */
        void handleResubscribed();

        /** Someone typing. {@code senderConnection} is the sending connection's id on this node, else 0. */
        void handleTyping(ServerFrame.Typing typing, long senderConnection);

        /** A user lost access to a room. */
        void handleRevocation(String room, UUID userId);
    }

    /** Called once, before anything is published: where publications go on this node. */
    void run(Handler handler);

    /**
     * What a publish came to: the position the event got in each room, and whether every room's
     * shared stream has it, so that clients on any node get it ({@code false} while the store is
     * out of reach: it was delivered on this node alone, and must be published again).
     */
    record Published(Map<String, StreamPosition> positions, boolean shared) {}

    /**
     * Appends the event to the stream of each of its rooms and delivers it. Never fails: a broker
     * that cannot reach its store still delivers on this node, under positions no other node
     * shares, and says so. A publication whose id a room already holds keeps the position it got
     * then (nodes that had it drop it as one they had); one older than the version a room has for its order key is
     * dropped there (the room is left out of the answer).
     */
    CompletableFuture<Published> publish(Publication publication);

    /** An event without an id or an order: appended as it comes. */
    default CompletableFuture<Published> publish(RoomEvent event) {
        return publish(Publication.untracked(event));
    }

    /** Whether publications reach every node now. */
    default boolean shares() {
        return true;
    }

    /**
     * The room's events after {@code sinceOffset} (at most {@code limit}; 0 asks for the position
     * only) and its current position. {@code epoch}, when not null, is the one the offset counts
     * in: a stream under another epoch answers from its oldest event, since none of its events
     * is known to the caller by offset. A room that has no stream yet gets one. Fails when the
     * store cannot be read: then nothing can be proven about the room's past.
     */
    CompletableFuture<History> history(String room, long sinceOffset, String epoch, int limit);

    /** This node has members in the room: deliver its publications here. */
    void subscribe(String room);

    /** This node has no member in the room any more. */
    void unsubscribe(String room);

    /** Ephemeral: delivered to every node, kept nowhere. */
    void publishTyping(ServerFrame.Typing typing, long senderConnection);

    void publishRevocation(String room, UUID userId);
}
