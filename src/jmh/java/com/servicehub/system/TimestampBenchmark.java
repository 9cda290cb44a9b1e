package com.servicehub.system;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The contract timestamp ({@code 2024-10-02T19:00:00.123Z}) written and read: {@link Timestamps}
 * as it is, next to {@code java.time}'s own ways of doing the same, so the two can be weighed in
 * one run. Every frame's {@code timestamp} is written once per event and room; every Redis
 * payload's is read once per event. {@link Timestamps} keeps the last millisecond's text (and
 * the last text's instant) in front of {@code java.time}: {@code format} and {@code parse} ask
 * for the same one each time (a hit), the {@code Miss} variants alternate between two, so each
 * call misses.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TimestampBenchmark {

    private static final DateTimeFormatter INSTANT_3 =
            new DateTimeFormatterBuilder().appendInstant(3).toFormatter();
    private static final DateTimeFormatter PATTERN =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Instant at = Instant.parse("2024-10-02T19:00:00.123Z");
    private final String text = "2024-10-02T19:00:00.123Z";
    private final Instant[] twoInstants = {at, at.plusMillis(1)};
    private final String[] twoTexts = {text, "2024-10-02T19:00:00.124Z"};
    private int next;

    @Benchmark
    public String format() {
        return Timestamps.format(at);
    }

    @Benchmark
    public String formatAppendInstant3() {
        return INSTANT_3.format(at);
    }

    @Benchmark
    public String formatPattern() {
        return PATTERN.format(at);
    }

    @Benchmark
    public Instant parse() {
        return Timestamps.parse(text);
    }

    @Benchmark
    public Instant parseInstant() {
        return Instant.parse(text);
    }

    @Benchmark
    public String formatMiss() {
        return Timestamps.format(twoInstants[next++ & 1]);
    }

    @Benchmark
    public Instant parseMiss() {
        return Timestamps.parse(twoTexts[next++ & 1]);
    }
}
