package com.servicehub.realtime;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.servicehub.system.Timestamps;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON on the Redis channels of CONTRACT §4, byte-compatible with other services. ServiceHub
 * nodes add {@code offsets} and {@code epochs} (per room, for recovery), {@code publication} (the
 * outbox row, so a node that delivered it alone does not send it again) and, on
 * {@code support:message}, {@code creatorId} (for the creator's user room); a message without
 * them is delivered live and is not part of any history.
 */
final class RedisPayloads {

    static final String BOOKING_STATUS = "booking:status";
    static final String SUPPORT_MESSAGE = "support:message";
    static final String TECHNICIAN_LOCATION = "technician:location";
    /** Tickets closed or reopened: ServiceHub's own channel, beside the seed's three. */
    static final String TICKET_STATUS = "realtime:ticket-status";

    static final String TYPING = "realtime:typing";
    static final String REVOKE = "realtime:revoke";

    /**
     * An event read off a channel, with what the publishing node said about it: its positions and
     * the outbox publication it came from (null for an untracked event or another service's).
     */
    record Received(
            RoomEvent event,
            String origin,
            Map<String, Long> offsets,
            Map<String, String> epochs,
            java.util.UUID publication) {}

    private final JsonMapper json;

    RedisPayloads(JsonMapper json) {
        this.json = json;
    }

    static String channelOf(RoomEvent event) {
        if (event instanceof RoomEvent.StatusChanged) {
            return BOOKING_STATUS;
        }
        if (event instanceof RoomEvent.MessagePosted) {
            return SUPPORT_MESSAGE;
        }
        if (event instanceof RoomEvent.TicketStatusChanged) {
            return TICKET_STATUS;
        }
        return TECHNICIAN_LOCATION;
    }

    /** The contract's payload for an event; {@code offsets}/{@code epochs} are added when not null. */
    String encode(RoomEvent event, String origin, Map<String, Long> offsets, Map<String, String> epochs) {
        return encode(event, origin, offsets, epochs, null);
    }

    /** As above, with the outbox publication the event comes from ({@code publication}) when not null. */
    String encode(
            RoomEvent event,
            String origin,
            Map<String, Long> offsets,
            Map<String, String> epochs,
            java.util.UUID publication) {
        ObjectNode node = payload(event);
        node.put("origin", origin);
        if (event instanceof RoomEvent.MessagePosted message && message.creatorId() != null) {
            node.put("creatorId", message.creatorId().toString());
        }
        if (offsets != null) {
            ObjectNode offsetNode = node.putObject("offsets");
            offsets.forEach(offsetNode::put);
            ObjectNode epochNode = node.putObject("epochs");
            epochs.forEach(epochNode::put);
        }
        if (publication != null) {
            node.put("publication", publication.toString());
        }
        return json.writeValueAsString(node);
    }

    /**
     * An event as a room's history keeps it: its channel, a space, and the contract's payload
     * (with {@code creatorId} where known, without {@code origin}).
     */
    String encodeStored(RoomEvent event) {
        ObjectNode node = payload(event);
        if (event instanceof RoomEvent.MessagePosted message && message.creatorId() != null) {
            node.put("creatorId", message.creatorId().toString());
        }
        return channelOf(event) + ' ' + json.writeValueAsString(node);
    }

    /** Reads what {@link #encodeStored} wrote; empty when it cannot be read. */
    Optional<RoomEvent> decodeStored(String stored) {
        int space = stored.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        return decode(stored.substring(0, space), stored.substring(space + 1)).map(Received::event);
    }

    private ObjectNode payload(RoomEvent event) {
        ObjectNode node = json.createObjectNode();
        if (event instanceof RoomEvent.StatusChanged status) {
            node.put("bookingId", status.bookingId().toString());
            node.put(
                    "userId",
                    status.customerId() == null ? null : status.customerId().toString());
            node.put("status", status.status());
        } else if (event instanceof RoomEvent.MessagePosted message) {
            node.put("ticketId", message.ticketId().toString());
            node.put("senderId", message.senderId().toString());
            ObjectNode body = node.putObject("message");
            body.put("id", message.messageId().toString());
            body.put("message", message.message());
            body.put("createdAt", Timestamps.format(message.createdAt()));
        } else if (event instanceof RoomEvent.TicketStatusChanged ticket) {
            node.put("ticketId", ticket.ticketId().toString());
            node.put(
                    "creatorId",
                    ticket.creatorId() == null ? null : ticket.creatorId().toString());
            node.put("changedBy", ticket.changedBy().toString());
            node.put("status", ticket.status());
        } else if (event instanceof RoomEvent.LocationReported location) {
            node.put("bookingId", location.bookingId().toString());
            ObjectNode position = node.putObject("location");
            position.put("latitude", location.latitude());
            position.put("longitude", location.longitude());
        }
        node.put("timestamp", Timestamps.format(event.timestamp()));
        return node;
    }

    /** Reads a seed-channel payload; empty when it is not one we can deliver. */
    Optional<Received> decode(String channel, String payload) {
        try {
            JsonNode node = json.readTree(payload);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            Instant timestamp = instant(node.get("timestamp"));
            RoomEvent event = switch (channel) {
                case BOOKING_STATUS ->
                    new RoomEvent.StatusChanged(
                            uuid(node.get("bookingId")),
                            optionalUuid(node.get("userId")),
                            text(node.get("status")),
                            timestamp);
                case SUPPORT_MESSAGE -> {
                    JsonNode body = node.get("message");
                    if (body == null || !body.isObject()) {
                        throw new IllegalArgumentException("message must be an object");
                    }
                    yield new RoomEvent.MessagePosted(
                            uuid(node.get("ticketId")),
                            optionalUuid(node.get("creatorId")),
                            uuid(node.get("senderId")),
                            uuid(body.get("id")),
                            text(body.get("message")),
                            instant(body.get("createdAt")),
                            timestamp);
                }
                case TICKET_STATUS ->
                    new RoomEvent.TicketStatusChanged(
                            uuid(node.get("ticketId")),
                            optionalUuid(node.get("creatorId")),
                            uuid(node.get("changedBy")),
                            text(node.get("status")),
                            timestamp);
                case TECHNICIAN_LOCATION -> {
                    JsonNode location = node.get("location");
                    if (location == null
                            || !location.get("latitude").isNumber()
                            || !location.get("longitude").isNumber()) {
                        throw new IllegalArgumentException("location needs numeric latitude and longitude");
                    }
                    yield new RoomEvent.LocationReported(
                            uuid(node.get("bookingId")),
                            location.get("latitude").asDouble(),
                            location.get("longitude").asDouble(),
                            timestamp);
                }
                default -> throw new IllegalArgumentException("not an event channel: " + channel);
            };
            return Optional.of(new Received(
                    event, origin(node), longs(node.get("offsets")), strings(node.get("epochs")), publicationOf(node)));
        } catch (RuntimeException ex) {
            return Optional.empty();
        }
    }

    String encodeTyping(ServerFrame.Typing typing, String origin) {
        ObjectNode node = json.createObjectNode();
        node.put("room", typing.room());
        node.put("userId", typing.userId().toString());
        node.put("isTyping", typing.isTyping());
        node.put("timestamp", Timestamps.format(typing.timestamp()));
        node.put("origin", origin);
        return json.writeValueAsString(node);
    }

    String encodeRevocation(String room, UUID userId, String origin) {
        ObjectNode node = json.createObjectNode();
        node.put("room", room);
        node.put("userId", userId.toString());
        node.put("origin", origin);
        return json.writeValueAsString(node);
    }

    /** Someone typing on another node, with that node's id. */
    record TypingReceived(ServerFrame.Typing typing, String origin) {}

    /** A revocation from another node, with that node's id. */
    record RevocationReceived(String room, UUID userId, String origin) {}

    Optional<TypingReceived> decodeTyping(String payload) {
        try {
            JsonNode node = json.readTree(payload);
            JsonNode isTyping = node.get("isTyping");
            if (isTyping == null || !isTyping.isBoolean()) {
                return Optional.empty();
            }
            return Optional.of(new TypingReceived(
                    new ServerFrame.Typing(
                            text(node.get("room")),
                            uuid(node.get("userId")),
                            isTyping.booleanValue(),
                            instant(node.get("timestamp"))),
                    origin(node)));
        } catch (RuntimeException ex) {
            return Optional.empty();
        }
    }

    Optional<RevocationReceived> decodeRevocation(String payload) {
        try {
            JsonNode node = json.readTree(payload);
            return Optional.of(new RevocationReceived(text(node.get("room")), uuid(node.get("userId")), origin(node)));
        } catch (RuntimeException ex) {
            return Optional.empty();
        }
    }

    /** The {@code publication} a node added, or null when absent or not a UUID (it only saves a duplicate). */
    private static java.util.UUID publicationOf(JsonNode node) {
        JsonNode publication = node.get("publication");
        if (publication == null || !publication.isString()) {
            return null;
        }
        try {
            return java.util.UUID.fromString(publication.asString());
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static String origin(JsonNode node) {
        JsonNode origin = node.get("origin");
        return origin != null && origin.isString() ? origin.asString() : null;
    }

    private static Map<String, Long> longs(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        Map<String, Long> values = new HashMap<>();
        node.properties().forEach(entry -> {
            if (entry.getValue().isIntegralNumber()) {
                values.put(entry.getKey(), entry.getValue().asLong());
            }
        });
        return values;
    }

    private static Map<String, String> strings(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        Map<String, String> values = new HashMap<>();
        node.properties().forEach(entry -> {
            if (entry.getValue().isString()) {
                values.put(entry.getKey(), entry.getValue().asString());
            }
        });
        return values;
    }

    private static UUID uuid(JsonNode node) {
        return UUID.fromString(text(node));
    }

    private static UUID optionalUuid(JsonNode node) {
        return node == null || node.isNull() ? null : uuid(node);
    }

    private static String text(JsonNode node) {
        if (node == null || !node.isString()) {
            throw new IllegalArgumentException("expected a string");
        }
        return node.asString();
    }

    private static Instant instant(JsonNode node) {
        return node != null && node.isString() ? Timestamps.parse(node.asString()) : Timestamps.now();
    }
}
