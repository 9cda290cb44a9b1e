package com.servicehub.system;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The one timestamp format of the contract: ISO-8601 UTC with exactly three fraction digits,
 * e.g. {@code 2024-10-02T19:00:00.000Z}.
 *
 * <p>Every frame sent and every Redis payload read goes through here, and
 * {@link DateTimeFormatter} prints and parses fractions through {@code BigDecimal}: under load that
 * was most of the allocation on the Redis thread. So the usual shapes are written and read by
 * hand, and anything else (years outside 0000..9999, offsets, leap seconds, {@code 24:00}) is left
 * to {@code java.time}, which keeps the output and the accepted inputs exactly what they were.
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final long SECONDS_PER_DAY = 86_400;

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years written by hand. */
    private static final long FIRST_FAST_SECOND = -62_167_219_200L;
    private static final long END_FAST_SECOND = 253_402_300_800L;

    /** {@code yyyy-MM-ddTHH:mm:ss.SSSZ} */
    private static final int FORMATTED_LENGTH = 24;

    /** {@code yyyy-MM-ddTHH:mm:ssZ}, and the longest, with nine fraction digits. */
    private static final int SHORTEST_PARSED = 20;
    private static final int LONGEST_PARSED = 30;

    private Timestamps() {
    }

    /** Now, cut to milliseconds so what is stored equals what is sent. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The contract's text for an instant; the milliseconds are cut, not rounded. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FAST_SECOND || seconds >= END_FAST_SECOND) {
            return FORMAT.format(instant);
        }
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);

        // Civil-from-days (H. Hinnant): eras of 400 years that start on March 1st.
        long shifted = days + 719_468;
        long era = Math.floorDiv(shifted, 146_097);
        int dayOfEra = (int) (shifted - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int marchMonth = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * marchMonth + 2) / 5 + 1;
        int month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9;
        int year = (int) (era * 400) + yearOfEra + (month <= 2 ? 1 : 0);

        byte[] text = new byte[FORMATTED_LENGTH];
        writeDigits(text, 0, year, 4);
        text[4] = '-';
        writeDigits(text, 5, month, 2);
        text[7] = '-';
        writeDigits(text, 8, day, 2);
        text[10] = 'T';
        writeDigits(text, 11, secondOfDay / 3_600, 2);
        text[13] = ':';
        writeDigits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        writeDigits(text, 17, secondOfDay % 60, 2);
        text[19] = '.';
        writeDigits(text, 20, instant.getNano() / 1_000_000, 3);
        text[23] = 'Z';
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads an ISO-8601 instant exactly as {@link Instant#parse} does, accepting and refusing the
     * same texts with the same result; {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} is read by hand.
     *
     * @throws java.time.format.DateTimeParseException when {@link Instant#parse} would
     */
    public static Instant parse(CharSequence text) {
        Instant instant = text == null ? null : parseUtc(text);
        return instant != null ? instant : Instant.parse(text);
    }

    /**
     * The common UTC shape, or null for anything else, valid or not: leap seconds, {@code 24:00},
     * offsets and signed years mean something particular to {@link Instant#parse}, and its
     * messages for bad input are kept by letting it refuse them. Package-private so tests can
     * tell that the common shape does not fall back.
     */
    static Instant parseUtc(CharSequence text) {
        int length = text.length();
        if (length < SHORTEST_PARSED || length > LONGEST_PARSED || length == SHORTEST_PARSED + 1) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        char last = text.charAt(length - 1);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
                || text.charAt(4) != '-' || text.charAt(7) != '-' || (text.charAt(10) | 0x20) != 't'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || (last | 0x20) != 'z') {
            return null;
        }
        int nanos = 0;
        if (length > SHORTEST_PARSED) {
            int fractionDigits = length - SHORTEST_PARSED - 1;
            int fraction = digits(text, 20, fractionDigits);
            if (text.charAt(19) != '.' || fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        long seconds = epochDay(year, month, day) * SECONDS_PER_DAY + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** Days-from-civil (H. Hinnant), for years 0000..9999. */
    private static long epochDay(int year, int month, int day) {
        int marchYear = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(marchYear, 400);
        int yearOfEra = marchYear - era * 400;
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** The value of {@code count} ASCII digits from {@code start}, or -1 if any is not one. */
    private static int digits(CharSequence text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static void writeDigits(byte[] text, int start, int value, int count) {
        for (int i = start + count - 1; i >= start; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
