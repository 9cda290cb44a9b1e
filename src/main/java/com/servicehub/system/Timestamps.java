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
 * <p>Every frame sent goes through here, and {@link DateTimeFormatter} prints fractions through
 * {@code BigDecimal}: under load that was much of the allocation on the Redis thread. So years
 * 0000..9999 are written by hand, and anything else is left to the formatter, which keeps the
 * output exactly what it was.
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

    private static void writeDigits(byte[] text, int start, int value, int count) {
        for (int i = start + count - 1; i >= start; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
