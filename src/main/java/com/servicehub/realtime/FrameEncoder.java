package com.servicehub.realtime;

import org.springframework.stereotype.Component;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes a server frame once into a pooled direct buffer; every recipient then gets a retained
 * duplicate of the same bytes, so a room of thousands costs one encoding and no copies.
 */
@Component
class FrameEncoder {

    private final JsonMapper json;

    FrameEncoder(JsonMapper json) {
        this.json = json;
    }

    static ByteBuf toDirect(byte[] bytes) {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length, bytes.length);
        return buffer.writeBytes(bytes);
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
