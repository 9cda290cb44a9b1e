package com.servicehub.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The wall clock as contract timestamps ({@code 2024-10-02T19:00:00.000Z}), formatted once per millisecond. */
final class IsoClock {

    static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private long millis = Long.MIN_VALUE;
    private byte[] text;

    /** Not thread-safe: one per publishing thread. */
    byte[] now() {
        long current = System.currentTimeMillis();
        if (current != millis) {
            millis = current;
            text = FORMAT.format(Instant.ofEpochMilli(current)).getBytes(StandardCharsets.US_ASCII);
        }
        return text;
    }

    static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
