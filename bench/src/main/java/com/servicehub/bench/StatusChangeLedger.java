package com.servicehub.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.buffer.ByteBuf;

/**
 * Latency for status changes made over REST: a real booking's {@code status_update} carries
 * nothing of ours, but each (booking, status) pair happens once in a booking's life, so the
 * publisher notes when it started the PATCH for it and the receiver looks the pair up. This
 * allocates a key per frame, which is fine at the hundreds per second REST drives.
 */
final class StatusChangeLedger implements LatencyProbe {

    private static final byte[] BOOKING_ID = FrameScan.key("bookingId");
    private static final byte[] STATUS = FrameScan.key("status");

    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();

    /** Call before sending, as the frame may arrive before the HTTP response. */
    void started(String bookingId, String status, long at) {
        startedAt.put(bookingId + '/' + status, at);
    }

    @Override
    public long publishedAt(ByteBuf frame, FrameType type) {
        if (type != FrameType.STATUS_UPDATE) {
            return -1;
        }
        String bookingId = FrameScan.string(frame, BOOKING_ID);
        String status = FrameScan.string(frame, STATUS);
        if (bookingId == null || status == null) {
            return -1;
        }
        Long at = startedAt.get(bookingId + '/' + status);
        return at == null ? -1 : at;
    }
}
