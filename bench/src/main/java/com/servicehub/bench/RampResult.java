package com.servicehub.bench;

import org.HdrHistogram.Histogram;

/**
 * One ramp-up: connections attempted, upgraded (the server's {@code connected} frame arrived),
 * joined (answered {@code joined_room}), failed; wall time from the first connect to the last
 * {@code connected} frame, and handshake latency (connect start to {@code connected}) in µs.
 */
record RampResult(
        int attempted,
        int connected,
        int joined,
        int joinFailed,
        int failed,
        long elapsedNanos,
        Histogram handshakeMicros) {

    double connectionsPerSecond() {
        return elapsedNanos <= 0 ? 0 : connected / (elapsedNanos / 1e9);
    }
}
