package com.servicehub.system;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;

/**
 * The one timestamp format of the contract: ISO-8601 UTC with exactly three fraction digits,
 * e.g. {@code 2024-10-02T19:00:00.000Z}. Written by {@code java.time}'s instant printer and read
 * by {@link Instant#parse}, each behind a one-entry cache: a fan-out node writes and reads the
 * same millisecond for many events in a row, and {@code java.time} builds a {@code BigDecimal}
 * for every fraction it reads ({@code docs/benchmarks.md}).
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

    /** The last instant written or read and its text; replaced whole, so any thread may read it. */
    private record Pair(Instant instant, String text) {}

    private static volatile Pair lastFormatted = new Pair(Instant.EPOCH, FORMAT.format(Instant.EPOCH));
    private static volatile Pair lastParsed = lastFormatted;

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
        Pair last = lastFormatted;
        if (last.instant().getEpochSecond() == instant.getEpochSecond()
                && last.instant().getNano() / 1_000_000 == instant.getNano() / 1_000_000) {
            return last.text(); // the same millisecond: the same text
        }
        String text = FORMAT.format(instant);
        lastFormatted = new Pair(instant, text);
        return text;
    }

    /**
     * Reads an ISO-8601 instant as {@link Instant#parse} does.
     *
     * @throws java.time.format.DateTimeParseException when the text is not one
     */
    public static Instant parse(CharSequence text) {
        Pair last = lastParsed;
        if (last.text().contentEquals(text)) {
            return last.instant();
        }
        Instant instant = Instant.parse(text);
        lastParsed = new Pair(instant, text.toString());
        return instant;
    }
}
