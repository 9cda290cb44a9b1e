package com.servicehub.bench;

import io.netty.buffer.ByteBuf;

/**
 * Carries the publish time inside contract fields that the service forwards unchanged, so a
 * receiver needs neither a lookup table nor the order of arrival to know an event's latency.
 *
 * <ul>
 *   <li>Raw {@code booking:status} events (fan-out): the service routes them by {@code userId} and
 *       never looks the booking up, so {@code bookingId} is free. It is a well-formed UUID
 *       {@code RRRRRRRR-0000-4000-8000-TTTTTTTTTTTT}: R = this run's tag (frames of another run are
 *       ignored), T = 48 bits of nanoseconds since t = 0 (78 hours).</li>
 *   <li>Location events (REST or raw {@code technician:location}): {@code bookingId} must be a
 *       real booking, so the time goes into the coordinates: latitude {@code 1.SSSSSS} (whole
 *       seconds since t = 0) and longitude {@code 1.UUUUUU} (microseconds within that second).
 *       Both stay valid coordinates, survive a round trip through a double and its shortest
 *       decimal form (trailing zeros may be dropped), and even rounding to six decimals.</li>
 * </ul>
 */
final class SendStamp {

    private static final byte[] BOOKING_ID = FrameScan.key("bookingId");
    private static final byte[] LATITUDE = FrameScan.key("latitude");
    private static final byte[] LONGITUDE = FrameScan.key("longitude");
    private static final long MAX_48_BITS = (1L << 48) - 1;

    private SendStamp() {}

    static void appendBookingId(ByteBuilder out, int runTag, long elapsedNanos) {
        out.hex(runTag, 8).ascii("-0000-4000-8000-").hex(elapsedNanos & MAX_48_BITS, 12);
    }

    static String bookingId(int runTag, long elapsedNanos) {
        ByteBuilder out = new ByteBuilder(36);
        appendBookingId(out, runTag, elapsedNanos);
        return out.toString();
    }

    /** Reads a stamp written by {@link #appendBookingId} for this run tag; -1 otherwise. */
    static long fromBookingId(ByteBuf frame, int runTag) {
        int at = FrameScan.valueIndex(frame, BOOKING_ID);
        if (at < 0 || frame.getByte(at) != '"') {
            return -1;
        }
        long tag = FrameScan.hex(frame, at + 1, 8);
        if (tag != (runTag & 0xFFFFFFFFL)) {
            return -1;
        }
        return FrameScan.hex(frame, at + 1 + 24, 12);
    }

    static LatencyProbe bookingIdProbe(int runTag) {
        return (frame, type) -> type == FrameType.STATUS_UPDATE ? fromBookingId(frame, runTag) : -1;
    }

    /** Appends {@code "latitude":1.SSSSSS,"longitude":1.UUUUUU} (no braces). */
    static void appendCoordinates(ByteBuilder out, long elapsedNanos) {
        long micros = Math.max(0, elapsedNanos / 1000);
        long seconds = Math.min(micros / 1_000_000, 999_999);
        out.ascii("\"latitude\":1.")
                .padded(seconds, 6)
                .ascii(",\"longitude\":1.")
                .padded(micros % 1_000_000, 6);
    }

    /** Reads a stamp written by {@link #appendCoordinates}; -1 when the frame has none. */
    static long fromCoordinates(ByteBuf frame) {
        int lat = FrameScan.valueIndex(frame, LATITUDE);
        int lon = FrameScan.valueIndex(frame, LONGITUDE);
        if (lat < 0 || lon < 0) {
            return -1;
        }
        long seconds = FrameScan.micros(frame, lat);
        long micros = FrameScan.micros(frame, lon);
        if (seconds < 0 || micros < 0) {
            return -1;
        }
        return (seconds * 1_000_000 + micros) * 1000;
    }

    static LatencyProbe locationProbe() {
        return (frame, type) -> type == FrameType.LOCATION_UPDATE ? fromCoordinates(frame) : -1;
    }
}
