package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The contract's timestamp text: exactly what the pattern {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'}
 * prints (the format the service has always sent), byte for byte, and read back.
 */
class TimestampsTests {

    private static final DateTimeFormatter CONTRACT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final long YEAR_0000 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_1970 = 0;
    private static final long YEAR_2400 = Instant.parse("2400-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_10000 =
            Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

    @Test
    void formatsRandomInstantsAsTheFormatterDoes() {
        Random random = new Random(20241002);
        for (Instant instant : randomInstants(random, 100_000)) {
            assertThat(Timestamps.format(instant)).as("%s", instant).isEqualTo(CONTRACT.format(instant));
        }
    }

    @Test
    void theLastValueKeptForSpeedIsNeverTakenForAnother() {
        Instant first = Instant.parse("2024-10-02T19:00:00.123Z");
        Instant second = first.plusMillis(1);
        for (int round = 0; round < 3; round++) {
            assertThat(Timestamps.format(first)).isEqualTo("2024-10-02T19:00:00.123Z");
            assertThat(Timestamps.format(first)).isEqualTo("2024-10-02T19:00:00.123Z");
            assertThat(Timestamps.format(second)).isEqualTo("2024-10-02T19:00:00.124Z");
            assertThat(Timestamps.format(first.plusNanos(500))).isEqualTo("2024-10-02T19:00:00.123Z");
            assertThat(Timestamps.parse("2024-10-02T19:00:00.123Z")).isEqualTo(first);
            assertThat(Timestamps.parse(new StringBuilder("2024-10-02T19:00:00.123Z")))
                    .isEqualTo(first);
            assertThat(Timestamps.parse("2024-10-02T19:00:00.124Z")).isEqualTo(second);
        }
        assertThatThrownBy(() -> Timestamps.parse("2024-10-02T19:00:00.124"))
                .isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void formatsEdgesAsTheFormatterDoes() {
        List<Instant> edges = new ArrayList<>(List.of(
                Instant.EPOCH,
                Instant.ofEpochSecond(-1),
                Instant.ofEpochSecond(-1, 999_999_999),
                Instant.ofEpochSecond(0, 999_999),
                Instant.ofEpochSecond(0, 1_000_000),
                Instant.ofEpochSecond(YEAR_0000),
                Instant.ofEpochSecond(YEAR_0000 - 1, 999_999_999),
                Instant.ofEpochSecond(YEAR_10000 - 1, 999_999_999),
                Instant.ofEpochSecond(YEAR_10000),
                Instant.ofEpochSecond(YEAR_10000 * 100),
                Instant.ofEpochSecond(YEAR_0000 * 100),
                Instant.parse("1969-12-31T23:59:59.999Z"),
                Instant.parse("1900-02-28T23:59:59Z"),
                Instant.parse("1900-03-01T00:00:00Z"),
                Instant.parse("2000-02-29T12:00:00Z"),
                Instant.parse("2024-02-29T23:59:59.9999Z"),
                Instant.parse("2023-12-31T23:59:59.999999999Z"),
                Instant.parse("2024-12-31T23:59:59.999Z"),
                Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("-0001-12-31T23:59:59Z")));
        for (int year = 0; year <= 10_000; year += 97) {
            edges.add(Instant.parse(String.format("%s%04d-01-01T00:00:00Z", year > 9999 ? "+" : "", year)));
            edges.add(Instant.parse(String.format("%s%04d-01-01T00:00:00Z", year > 9999 ? "+" : "", year))
                    .minusNanos(1));
        }
        for (Instant instant : edges) {
            assertThat(Timestamps.format(instant)).as("%s", instant).isEqualTo(CONTRACT.format(instant));
        }
        assertThat(Timestamps.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(Timestamps.format(Instant.ofEpochSecond(YEAR_10000))).isEqualTo("+10000-01-01T00:00:00.000Z");
    }

    @Test
    void writesTheContractsShapeCuttingToMilliseconds() {
        assertThat(Timestamps.format(Instant.parse("2024-10-02T19:00:00Z"))).isEqualTo("2024-10-02T19:00:00.000Z");
        assertThat(Timestamps.format(Instant.parse("2024-10-02T19:00:00.1Z"))).isEqualTo("2024-10-02T19:00:00.100Z");
        assertThat(Timestamps.format(Instant.parse("2024-10-02T19:00:00.123999999Z")))
                .isEqualTo("2024-10-02T19:00:00.123Z");
        assertThat(Timestamps.format(Instant.parse("2024-02-29T23:59:59.9999Z")))
                .isEqualTo("2024-02-29T23:59:59.999Z");
        Random random = new Random(3);
        for (Instant instant : randomInstants(random, 10_000)) {
            assertThat(Timestamps.format(instant))
                    .as("%s", instant)
                    .matches(
                            instant.getEpochSecond() < YEAR_10000
                                    ? "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"
                                    : ".*");
        }
    }

    @Test
    void readsWhatItWritesBackToTheMillisecond() {
        Random random = new Random(42);
        for (Instant instant : randomInstants(random, 10_000)) {
            assertThat(Timestamps.parse(Timestamps.format(instant)))
                    .as("%s", instant)
                    .isEqualTo(instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        }
        assertThat(Timestamps.parse("2024-10-02T19:00:00.123Z"))
                .isEqualTo(Instant.ofEpochSecond(1727895600, 123_000_000));
        assertThat(Timestamps.parse("2024-10-02T19:00:00Z")).isEqualTo(Instant.ofEpochSecond(1727895600));
        assertThat(Timestamps.parse("2024-10-02T22:00:00.5+03:00"))
                .isEqualTo(Instant.ofEpochSecond(1727895600, 500_000_000));
    }

    @Test
    void refusesWhatIsNotAnInstant() {
        for (String text : new String[] {
            "",
            "2024-10-02",
            "2024-10-02T19:00:00",
            "2024-02-30T00:00:00Z",
            "2024-10-02T19:00:00.1234567891Z",
            "2024-10-02 19:00:00Z"
        }) {
            assertThatThrownBy(() -> Timestamps.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
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
}
