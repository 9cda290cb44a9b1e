package com.servicehub.system;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;

/**
 * The one timestamp format of the contract: ISO-8601 UTC with exactly three fraction digits,
 * e.g. {@code 2024-10-02T19:00:00.000Z}. Written by {@code java.time}'s instant printer and read
 * by {@link Instant#parse}; {@code docs/benchmarks.md} has what that costs per event next to
 * the hand-written arithmetic it replaced, and why that is not worth a cache.
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

    private Timestamps() {}

    /** Now, cut to milliseconds so what is stored equals what is sent. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The contract's text for an instant; the milliseconds are cut, not rounded. Years outside
     * 0000..9999 get a sign, as ISO-8601's expanded form has it ({@code +10000-01-01T00:00:00.000Z}).
     */
    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /**
     * Reads an ISO-8601 instant as {@link Instant#parse} does.
     *
     * @throws java.time.format.DateTimeParseException when the text is not one
     */
    public static Instant parse(CharSequence text) {
        return Instant.parse(text);
    }
}
