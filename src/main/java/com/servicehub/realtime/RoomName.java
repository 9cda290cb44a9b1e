package com.servicehub.realtime;

import java.util.Optional;
import java.util.UUID;

/** A room's parsed name: {@code booking:<uuid>}, {@code support:<uuid>} or {@code user:<uuid>}. */
record RoomName(Kind kind, UUID id) {

    enum Kind {
        BOOKING("booking"),
        SUPPORT("support"),
        USER("user");

        final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    static Optional<RoomName> parse(String room) {
        if (room == null) {
            return Optional.empty();
        }
        int colon = room.indexOf(':');
        if (colon < 0 || room.length() - colon - 1 != 36) {
            return Optional.empty();
        }
        String prefix = room.substring(0, colon);
        for (Kind kind : Kind.values()) {
            if (kind.prefix.equals(prefix)) {
                try {
                    String text = room.substring(colon + 1);
                    UUID id = UUID.fromString(text);
                    // Only the canonical lower-case form, so one room has one name.
                    return id.toString().equals(text) ? Optional.of(new RoomName(kind, id)) : Optional.empty();
                } catch (IllegalArgumentException ex) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A room name as a client sent it, fit for a log line: control characters (newlines, NUL)
     * escaped, so no client can forge lines, and at most 80 characters.
     */
    static String forLog(String room) {
        if (room == null) {
            return "null";
        }
        StringBuilder safe = new StringBuilder(Math.min(room.length(), 80) + 8);
        int i = 0;
        for (; i < room.length() && safe.length() < 80; i++) {
            char c = room.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                safe.append(String.format("\\u%04x", (int) c));
            } else {
                safe.append(c);
            }
        }
        return i < room.length() ? safe.append('…').toString() : safe.toString();
    }

    static String booking(UUID id) {
        return "booking:" + id;
    }

    static String support(UUID id) {
        return "support:" + id;
    }

    static String user(UUID id) {
        return "user:" + id;
    }

    @Override
    public String toString() {
        return kind.prefix + ":" + id;
    }
}
