package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The hand-written format and parse against what {@code java.time} does, which is the contract:
 * the same text out, the same instants in, the same inputs refused.
 */
class TimestampsTests {

    private static final DateTimeFormatter CONTRACT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter TO_SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private static final long YEAR_0000 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_1970 = 0;
    private static final long YEAR_2400 = Instant.parse("2400-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

    @Test
    void formatsRandomInstantsAsTheFormatterDoes() {
        Random random = new Random(20241002);
        for (Instant instant : randomInstants(random, 100_000)) {
            assertThat(Timestamps.format(instant)).as("%s", instant).isEqualTo(CONTRACT.format(instant));
        }
    }

    @Test
    void formatsEdgesAsTheFormatterDoes() {
        List<Instant> edges = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(-1),
                Instant.ofEpochSecond(-1, 999_999_999), Instant.ofEpochSecond(0, 999_999),
                Instant.ofEpochSecond(0, 1_000_000), Instant.ofEpochSecond(YEAR_0000),
                Instant.ofEpochSecond(YEAR_0000 - 1, 999_999_999), Instant.ofEpochSecond(YEAR_10000 - 1, 999_999_999),
                Instant.ofEpochSecond(YEAR_10000), Instant.ofEpochSecond(YEAR_10000 * 100),
                Instant.ofEpochSecond(YEAR_0000 * 100),
                Instant.parse("1969-12-31T23:59:59.999Z"), Instant.parse("1900-02-28T23:59:59Z"),
                Instant.parse("1900-03-01T00:00:00Z"), Instant.parse("2000-02-29T12:00:00Z"),
                Instant.parse("2024-02-29T23:59:59.9999Z"), Instant.parse("2023-12-31T23:59:59.999999999Z"),
                Instant.parse("2024-12-31T23:59:59.999Z"), Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("-0001-12-31T23:59:59Z")));
        for (int year = 0; year <= 10_000; year += 97) {
            edges.add(Instant.parse(String.format("%s%04d-01-01T00:00:00Z", year > 9999 ? "+" : "", year)));
            edges.add(Instant.parse(String.format("%s%04d-01-01T00:00:00Z", year > 9999 ? "+" : "", year)).minusNanos(1));
        }
        for (Instant instant : edges) {
            assertThat(Timestamps.format(instant)).as("%s", instant).isEqualTo(CONTRACT.format(instant));
        }
        assertThat(Timestamps.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(Timestamps.format(Instant.ofEpochSecond(YEAR_10000))).isEqualTo("+10000-01-01T00:00:00.000Z");
    }

    @Test
    void refusesToFormatWhatTheFormatterRefuses() {
        for (Instant instant : new Instant[] { Instant.MIN, Instant.MAX }) {
            assertThatThrownBy(() -> CONTRACT.format(instant)).isInstanceOf(DateTimeException.class);
            assertThatThrownBy(() -> Timestamps.format(instant)).isInstanceOf(DateTimeException.class);
        }
    }

    @Test
    void parsesRandomTextsAsInstantParseDoes() {
        Random random = new Random(19700101);
        for (Instant instant : randomInstants(random, 100_000)) {
            String text = withFraction(instant, random.nextInt(10));
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(Instant.parse(text));
            assertThat(Timestamps.parseUtc(text)).as("read by hand: %s", text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void parsesEveryFractionLength() {
        Instant instant = Instant.parse("2024-10-02T19:00:00.123456789Z");
        for (int digits = 0; digits <= 9; digits++) {
            String text = withFraction(instant, digits);
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(Instant.parse(text));
            assertThat(Timestamps.parseUtc(text)).as("read by hand: %s", text).isEqualTo(Instant.parse(text));
        }
        assertThat(Timestamps.parse("2024-10-02T19:00:00.1Z")).isEqualTo(Instant.ofEpochSecond(1727895600, 100_000_000));
        assertThat(Timestamps.parse("2024-10-02T19:00:00.000000001Z")).isEqualTo(Instant.ofEpochSecond(1727895600, 1));
    }

    @Test
    void parsesWhatItFormats() {
        Random random = new Random(42);
        for (Instant instant : randomInstants(random, 10_000)) {
            String text = Timestamps.format(instant);
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(Instant.parse(text));
            assertThat(Timestamps.parseUtc(text)).as("read by hand: %s", text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void parsesEdgesByHandAsInstantParseDoes() {
        String[] texts = { "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z",
                "0000-02-29T00:00:00Z", "9999-12-31T23:59:59.999Z", "2000-02-29T00:00:00Z", "2024-02-29T23:59:59Z",
                "1600-02-29T00:00:00Z", "2024-12-31T23:59:59.5Z", "2025-01-01T00:00:00.000Z",
                // lower-case 't' and 'z': Instant.parse ignores case
                "2024-10-02t19:00:00z", "2024-10-02T19:00:00.123z", "2024-10-02t19:00:00.123Z" };
        for (String text : texts) {
            assertThat(Timestamps.parseUtc(text)).as(text).isEqualTo(Instant.parse(text));
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void leavesOtherShapesToInstantParse() {
        // offsets, signed and long years, leap seconds, 24:00 and an empty fraction
        String[] texts = { "2024-10-02T19:00:00+03:00", "2024-10-02T19:00:00.123-05:30", "2024-10-02T19:00:00+00:00",
                "2024-10-02T19:00:00.5+14:00", "2024-10-02T19:00:00-00:00:30", "+10000-01-01T00:00:00Z",
                "-0001-12-31T23:59:59Z", "2024-12-31T23:59:60Z", "2024-12-31T23:59:60.5Z", "2024-10-02T24:00:00Z",
                "2024-10-02T19:00:00.Z" };
        for (String text : texts) {
            assertThat(Timestamps.parseUtc(text)).as(text).isNull();
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void refusesWhatInstantParseRefuses() {
        String[] texts = { "", "Z", "2024", "2024-10-02", "2024-10-02T19:00Z", "2024-10-02T19:00:00",
                "2024-10-02T19:00:00.123", "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
                "2024-04-31T00:00:00Z", "2024-00-10T00:00:00Z", "2024-13-01T00:00:00Z", "2024-10-00T00:00:00Z",
                "2024-10-32T00:00:00Z", "2024-10-02T24:00:01Z", "2024-10-02T25:00:00Z", "2024-10-02T19:60:00Z",
                "2024-10-02T19:00:60Z", "2024-10-02T19:00:61Z", "2024-10-02T19:00:00ZZ", "2024-10-02T19:00:00Z ",
                " 2024-10-02T19:00:00Z", "2024-10-02T19:00:00.Zjunk", "2024-10-02T19:00:00.1234567891Z",
                "2024-10-02T19:00:00,5Z", "2024-10-02 19:00:00Z", "2024/10/02T19:00:00Z", "2024-1-02T19:00:00Z",
                "24-10-02T19:00:00Z", "2024-10-02T19:00:0aZ", "2024-10-02T19:00:00.12a4Z", "2024-10-02T19:00:00X",
                "2024-10-02T19:00:00+3:00", "2024-10-02T19:00:00.123+03:00junk", "2024-10-02X19:00:00Z",
                "\u0662\u0660\u0662\u0664-10-02T19:00:00Z", "2024-10-02T19:00:00.-1Z", "10000-01-01T00:00:00Z",
                "+2024-10-02T19:00:00Z" };
        for (String text : texts) {
            assertThatThrownBy(() -> Instant.parse(text)).as("Instant.parse(%s)", text)
                    .isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> Timestamps.parse(text)).as(text).isInstanceOf(DateTimeParseException.class)
                    .hasMessage(catchMessage(text));
        }
    }

    @Test
    void refusesRandomlyDamagedTextsAsInstantParseDoes() {
        Random random = new Random(7);
        String alphabet = "0123456789-:.TZtz+ x";
        for (Instant instant : randomInstants(random, 50_000)) {
            char[] text = withFraction(instant, random.nextInt(10)).toCharArray();
            text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            String damaged = new String(text);
            Instant expected;
            try {
                expected = Instant.parse(damaged);
            }
            catch (DateTimeParseException ex) {
                assertThatThrownBy(() -> Timestamps.parse(damaged)).as(damaged)
                        .isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(Timestamps.parse(damaged)).as(damaged).isEqualTo(expected);
        }
    }

    @Test
    void refusesNullAsInstantParseDoes() {
        assertThatThrownBy(() -> Timestamps.parse(null)).isInstanceOf(NullPointerException.class);
    }

    /** Instants in 1970..2400 (where the service lives) and 0000..9999, at random nanoseconds. */
    private static List<Instant> randomInstants(Random random, int count) {
        List<Instant> instants = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long seconds = i % 2 == 0 ? between(random, YEAR_1970, YEAR_2400) : between(random, YEAR_0000, YEAR_10000);
            instants.add(Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000)));
        }
        return instants;
    }

    private static long between(Random random, long from, long to) {
        return from + Math.floorMod(random.nextLong(), to - from);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f]Z} with {@code digits} fraction digits, the nanoseconds cut to fit. */
    private static String withFraction(Instant instant, int digits) {
        String seconds = TO_SECONDS.format(instant);
        if (digits == 0) {
            return seconds + "Z";
        }
        return seconds + "." + String.format("%09d", instant.getNano()).substring(0, digits) + "Z";
    }

    private static String catchMessage(String text) {
        try {
            Instant.parse(text);
            throw new AssertionError("Instant.parse accepted " + text);
        }
        catch (DateTimeParseException ex) {
            return ex.getMessage();
        }
    }
}
