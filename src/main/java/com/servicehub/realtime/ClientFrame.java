package com.servicehub.realtime;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a client may send (CONTRACT §3). Unknown fields are ignored. */
sealed interface ClientFrame {

    /** Where a recovering client left off in a room. */
    record Since(long offset, String epoch) {}

    record Join(String room, Since since) implements ClientFrame {}

    record Leave(String room) implements ClientFrame {}

    record Typing(String room, boolean isTyping) implements ClientFrame {}

    record Ping() implements ClientFrame {}

    record Auth(String token) implements ClientFrame {}

    /** A frame already dealt with on arrival (liveness only, or the connection is closing). */
    record Handled() implements ClientFrame {}

    /** A frame that could not be understood, with the error code to answer. */
    record Invalid(ErrorCode code, String message, String room) implements ClientFrame {}

    static ClientFrame decode(String text, JsonMapper json) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException ex) {
            return invalid("frame is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            return invalid("frame must be a JSON object");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isString()) {
            return invalid("frame needs a string 'type'");
        }
        return switch (type.asString()) {
            case "join" -> join(node);
            case "leave" -> room(node) instanceof String room ? new Leave(room) : invalid("'room' must be a string");
            case "typing" -> typing(node);
            case "ping" -> new Ping();
            case "auth" ->
                node.get("token") != null && node.get("token").isString()
                        ? new Auth(node.get("token").asString())
                        : invalid("'token' must be a string");
            default ->
                new Invalid(ErrorCode.UNKNOWN_TYPE, "unknown frame type '" + abbreviate(type.asString()) + "'", null);
        };
    }

    private static ClientFrame join(JsonNode node) {
        if (!(room(node) instanceof String room)) {
            return invalid("'room' must be a string");
        }
        JsonNode since = node.get("since");
        if (since == null || since.isNull()) {
            return new Join(room, null);
        }
        JsonNode offset = since.get("offset");
        JsonNode epoch = since.get("epoch");
        if (!since.isObject()
                || offset == null
                || !offset.isIntegralNumber()
                || !offset.canConvertToLong()
                || offset.asLong() < 0
                || epoch == null
                || !epoch.isString()) {
            return new Invalid(
                    ErrorCode.INVALID_MESSAGE, "'since' must be {offset: integer >= 0, epoch: string}", room);
        }
        return new Join(room, new Since(offset.asLong(), epoch.asString()));
    }

    private static ClientFrame typing(JsonNode node) {
        if (!(room(node) instanceof String room)) {
            return invalid("'room' must be a string");
        }
        JsonNode data = node.get("data");
        JsonNode isTyping = data == null ? null : data.get("isTyping");
        if (isTyping == null || !isTyping.isBoolean()) {
            return new Invalid(ErrorCode.INVALID_MESSAGE, "'data.isTyping' must be a boolean", room);
        }
        return new Typing(room, isTyping.booleanValue());
    }

    private static Object room(JsonNode node) {
        JsonNode room = node.get("room");
        return room != null && room.isString() ? room.asString() : null;
    }

    private static Invalid invalid(String message) {
        return new Invalid(ErrorCode.INVALID_MESSAGE, message, null);
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
