package com.servicehub.realtime;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.servicehub.system.Timestamps;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
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

    /**
     * Reads a seed-channel payload; empty when it is not one we can deliver. Read in one pass
     * over the text, without a tree: every node reads every event of the cluster.
     */
    Optional<Received> decode(String channel, String payload) {
        try {
            Fields fields;
            // Straight from the token stream factory: no databind context, which this reading never needs.
            try (JsonParser parser = json.tokenStreamFactory().createParser(ObjectReadContext.empty(), payload)) {
                fields = Fields.read(parser);
            }
            if (fields == null) {
                return Optional.empty();
            }
            Instant timestamp = fields.instant(Fields.TIMESTAMP);
            RoomEvent event = switch (channel) {
                case BOOKING_STATUS ->
                    new RoomEvent.StatusChanged(
                            fields.uuid(Fields.BOOKING_ID),
                            fields.optionalUuid(Fields.USER_ID),
                            fields.text(Fields.STATUS),
                            timestamp);
                case SUPPORT_MESSAGE -> {
                    if (!fields.message) {
                        throw new IllegalArgumentException("message must be an object");
                    }
                    yield new RoomEvent.MessagePosted(
                            fields.uuid(Fields.TICKET_ID),
                            fields.optionalUuid(Fields.CREATOR_ID),
                            fields.uuid(Fields.SENDER_ID),
                            fields.uuid(Fields.MESSAGE_ID),
                            fields.text(Fields.MESSAGE_TEXT),
                            fields.instant(Fields.CREATED_AT),
                            timestamp);
                }
                case TICKET_STATUS ->
                    new RoomEvent.TicketStatusChanged(
                            fields.uuid(Fields.TICKET_ID),
                            fields.optionalUuid(Fields.CREATOR_ID),
                            fields.uuid(Fields.CHANGED_BY),
                            fields.text(Fields.STATUS),
                            timestamp);
                case TECHNICIAN_LOCATION -> {
                    if (!fields.location || Double.isNaN(fields.latitude) || Double.isNaN(fields.longitude)) {
                        throw new IllegalArgumentException("location needs numeric latitude and longitude");
                    }
                    yield new RoomEvent.LocationReported(
                            fields.uuid(Fields.BOOKING_ID), fields.latitude, fields.longitude, timestamp);
                }
                default -> throw new IllegalArgumentException("not an event channel: " + channel);
            };
            return Optional.of(new Received(
                    event,
                    fields.strings[Fields.ORIGIN],
                    fields.offsets,
                    fields.epochs,
                    publicationOf(fields.strings[Fields.PUBLICATION])));
        } catch (RuntimeException ex) {
            return Optional.empty();
        }
    }

    /**
     * The fields of an event payload, read off a parser: each string field the payload has as a
     * string, which fields it has with another type (a payload is refused only when a field its
     * channel needs is one of them), the nested {@code message} and {@code location}, and the
     * positions a node added. Fields nobody reads are skipped.
     */
    private static final class Fields {

        static final int BOOKING_ID = 0;
        static final int USER_ID = 1;
        static final int STATUS = 2;
        static final int TICKET_ID = 3;
        static final int CREATOR_ID = 4;
        static final int SENDER_ID = 5;
        static final int CHANGED_BY = 6;
        static final int TIMESTAMP = 7;
        static final int ORIGIN = 8;
        static final int PUBLICATION = 9;
        static final int MESSAGE_ID = 10;
        static final int MESSAGE_TEXT = 11;
        static final int CREATED_AT = 12;

        final String[] strings = new String[13];
        /** Bit i: field i is there with a type other than string or null. */
        int mistyped;

        boolean message;
        boolean location;
        double latitude = Double.NaN;
        double longitude = Double.NaN;
        Map<String, Long> offsets = Map.of();
        Map<String, String> epochs = Map.of();

        /** The payload's fields, or null when it is not a JSON object. */
        static Fields read(JsonParser parser) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Fields fields = new Fields();
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "bookingId" -> fields.string(BOOKING_ID, parser, value);
                    case "userId" -> fields.string(USER_ID, parser, value);
                    case "status" -> fields.string(STATUS, parser, value);
                    case "ticketId" -> fields.string(TICKET_ID, parser, value);
                    case "creatorId" -> fields.string(CREATOR_ID, parser, value);
                    case "senderId" -> fields.string(SENDER_ID, parser, value);
                    case "changedBy" -> fields.string(CHANGED_BY, parser, value);
                    case "timestamp" -> fields.string(TIMESTAMP, parser, value);
                    case "origin" -> fields.string(ORIGIN, parser, value);
                    case "publication" -> fields.string(PUBLICATION, parser, value);
                    case "message" -> fields.message(parser, value);
                    case "location" -> fields.location(parser, value);
                    case "offsets" ->
                        fields.offsets = value == JsonToken.START_OBJECT
                                ? values(parser, JsonToken.VALUE_NUMBER_INT, JsonParser::getLongValue)
                                : skip(parser);
                    case "epochs" ->
                        fields.epochs = value == JsonToken.START_OBJECT
                                ? values(parser, JsonToken.VALUE_STRING, JsonParser::getString)
                                : skip(parser);
                    default -> parser.skipChildren();
                }
            }
            return fields;
        }

        private void string(int field, JsonParser parser, JsonToken value) {
            strings[field] = null;
            mistyped &= ~(1 << field);
            if (value == JsonToken.VALUE_STRING) {
                strings[field] = parser.getString();
            } else if (value != JsonToken.VALUE_NULL) {
                mistyped |= 1 << field;
                parser.skipChildren();
            }
        }

        private void message(JsonParser parser, JsonToken value) {
            message = value == JsonToken.START_OBJECT;
            if (!message) {
                parser.skipChildren();
                return;
            }
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken inner = parser.nextToken();
                switch (name) {
                    case "id" -> string(MESSAGE_ID, parser, inner);
                    case "message" -> string(MESSAGE_TEXT, parser, inner);
                    case "createdAt" -> string(CREATED_AT, parser, inner);
                    default -> parser.skipChildren();
                }
            }
        }

        private void location(JsonParser parser, JsonToken value) {
            location = value == JsonToken.START_OBJECT;
            if (!location) {
                parser.skipChildren();
                return;
            }
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken inner = parser.nextToken();
                boolean number = inner == JsonToken.VALUE_NUMBER_INT || inner == JsonToken.VALUE_NUMBER_FLOAT;
                switch (name) {
                    case "latitude" -> latitude = number ? parser.getDoubleValue() : Double.NaN;
                    case "longitude" -> longitude = number ? parser.getDoubleValue() : Double.NaN;
                    default -> {}
                }
                parser.skipChildren();
            }
        }

        private static <T> Map<String, T> skip(JsonParser parser) {
            parser.skipChildren();
            return Map.of();
        }

        /** The properties of an object whose value has the {@code type} asked for; the others are skipped. */
        private static <T> Map<String, T> values(
                JsonParser parser, JsonToken type, java.util.function.Function<JsonParser, T> value) {
            Map<String, T> values = new HashMap<>(4);
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                if (parser.nextToken() == type) {
                    values.put(name, value.apply(parser));
                } else {
                    parser.skipChildren();
                }
            }
            return values;
        }

        String text(int field) {
            String value = strings[field];
            if (value == null) {
                throw new IllegalArgumentException("expected a string");
            }
            return value;
        }

        UUID uuid(int field) {
            return UUID.fromString(text(field));
        }

        UUID optionalUuid(int field) {
            if ((mistyped & (1 << field)) != 0) {
                throw new IllegalArgumentException("expected a string or null");
            }
            return strings[field] == null ? null : UUID.fromString(strings[field]);
        }

        /** The instant a string field holds, or now when the field is not a string. */
        Instant instant(int field) {
            return strings[field] != null ? Timestamps.parse(strings[field]) : Timestamps.now();
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
    private static UUID publicationOf(String publication) {
        if (publication == null) {
            return null;
        }
        try {
            return UUID.fromString(publication);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static String origin(JsonNode node) {
        JsonNode origin = node.get("origin");
        return origin != null && origin.isString() ? origin.asString() : null;
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
