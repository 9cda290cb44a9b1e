package com.servicehub.realtime;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An event that is pushed to rooms and kept in their history: the payload of the three seed
 * channels of CONTRACT §4. Each knows which rooms it goes to (CONTRACT §3, "Where events go")
 * and how it looks in one of them.
 */
sealed interface RoomEvent {

    List<String> rooms();

    /** The frame for one room; {@code offset} and {@code epoch} are null outside the history. */
    ServerFrame toFrame(String room, Long offset, String epoch);

    Instant timestamp();

    record StatusChanged(UUID bookingId, UUID customerId, String status, Instant timestamp) implements RoomEvent {

        @Override
        public List<String> rooms() {
            return customerId == null
                    ? List.of(RoomName.booking(bookingId))
                    : List.of(RoomName.booking(bookingId), RoomName.user(customerId));
        }

        @Override
        public ServerFrame toFrame(String room, Long offset, String epoch) {
            return new ServerFrame.StatusUpdate(bookingId, status, timestamp, room, offset, epoch);
        }
    }

    /** {@code creatorId} may be unknown (null) for a message another service published. */
    record MessagePosted(
            UUID ticketId,
            UUID creatorId,
            UUID senderId,
            UUID messageId,
            String message,
            Instant createdAt,
            Instant timestamp)
            implements RoomEvent {

        @Override
        public List<String> rooms() {
            return creatorId == null || creatorId.equals(senderId)
                    ? List.of(RoomName.support(ticketId))
                    : List.of(RoomName.support(ticketId), RoomName.user(creatorId));
        }

        @Override
        public ServerFrame toFrame(String room, Long offset, String epoch) {
            return new ServerFrame.Message(
                    ticketId,
                    senderId,
                    new ServerFrame.Message.Body(messageId, message, createdAt),
                    timestamp,
                    room,
                    offset,
                    epoch);
        }
    }

    record LocationReported(UUID bookingId, double latitude, double longitude, Instant timestamp) implements RoomEvent {

        @Override
        public List<String> rooms() {
            return List.of(RoomName.booking(bookingId));
        }

        @Override
        public ServerFrame toFrame(String room, Long offset, String epoch) {
            return new ServerFrame.LocationUpdate(
                    bookingId, new ServerFrame.Location(latitude, longitude), timestamp, room, offset, epoch);
        }
    }

    /**
     * A ticket closed or reopened: its room, and its creator's user room when someone else (an
     * admin) made the change. Beyond the seed's three events; clients that do not know the frame
     * ignore it.
     */
    record TicketStatusChanged(UUID ticketId, UUID creatorId, UUID changedBy, String status, Instant timestamp)
            implements RoomEvent {

        @Override
        public List<String> rooms() {
            return creatorId == null || creatorId.equals(changedBy)
                    ? List.of(RoomName.support(ticketId))
                    : List.of(RoomName.support(ticketId), RoomName.user(creatorId));
        }

        @Override
        public ServerFrame toFrame(String room, Long offset, String epoch) {
            return new ServerFrame.TicketStatus(ticketId, status, changedBy, timestamp, room, offset, epoch);
        }
    }
}
