package com.servicehub.realtime;

import org.springframework.stereotype.Component;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes a server frame once into a pooled direct buffer; every recipient then gets a duplicate
 * of the same bytes, so a room of thousands costs one encoding and no copies.
 *
 * <p>For fan-out the buffer holds the whole WebSocket frame, header included: server frames are
 * never masked and connections negotiate no extensions, so the wire bytes are the same for every
 * recipient, and writing them as they are skips the per-recipient frame encoder (a header
 * allocation and a copy of the payload for every small frame).
 */
@Component
class FrameEncoder {

    private final JsonMapper json;

    FrameEncoder(JsonMapper json) {
        this.json = json;
    }

    /** A final, unmasked WebSocket text frame (RFC 6455 §5.2) carrying {@code json}, in a pooled direct buffer. */
    static ByteBuf toWireFrame(byte[] json) {
        int length = json.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf frame = PooledByteBufAllocator.DEFAULT.directBuffer(header + length, header + length);
        frame.writeByte(0x80 | 0x1);
        if (length < 126) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(126).writeShort(length);
        } else {
            frame.writeByte(127).writeLong(length);
        }
        return frame.writeBytes(json);
    }

    byte[] encodeBytes(ServerFrame frame) {
        return json.writeValueAsBytes(frame);
    }

    String encodeToString(ServerFrame frame) {
        return json.writeValueAsString(frame);
    }

    JsonMapper json() {
        return json;
    }
}
