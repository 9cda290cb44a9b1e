package com.servicehub.bench;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/** The {@code type} of a server frame (CONTRACT §3), read from the bytes. */
enum FrameType {
    STATUS_UPDATE("status_update", true),
    LOCATION_UPDATE("location_update", true),
    MESSAGE("message", true),
    CONNECTED("connected", false),
    JOINED_ROOM("joined_room", false),
    LEFT_ROOM("left_room", false),
    ERROR("error", false),
    PONG("pong", false),
    TYPING("typing", false),
    AUTHENTICATED("authenticated", false),
    OTHER("", false);

    private static final byte[] TYPE_KEY = FrameScan.key("type");
    private static final FrameType[] NAMED = {
        STATUS_UPDATE, LOCATION_UPDATE, MESSAGE, CONNECTED, JOINED_ROOM, LEFT_ROOM, ERROR, PONG, TYPING, AUTHENTICATED
    };

    /** The quoted name, so that a match also checks where the value ends. */
    private final byte[] quoted;

    private final boolean event;

    FrameType(String name, boolean event) {
        this.quoted = ("\"" + name + "\"").getBytes(StandardCharsets.US_ASCII);
        this.event = event;
    }

    /** Pushed events, the frames whose latency is measured. */
    boolean isEvent() {
        return event;
    }

    static FrameType of(ByteBuf frame) {
        int at = FrameScan.valueIndex(frame, TYPE_KEY);
        if (at < 0) {
            return OTHER;
        }
        for (FrameType type : NAMED) {
            if (FrameScan.startsWith(frame, at, type.quoted)) {
                return type;
            }
        }
        return OTHER;
    }
}
