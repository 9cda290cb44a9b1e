package com.servicehub.realtime;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-frame rate check ({@link RateLimiter#tryAcquire}) with the contract's defaults (20/s,
 * burst 40, flood close after 100 refusals in 10 s). The clock is a counter, so reading the time
 * is not part of the measurement: "allowed" advances it one token's worth (50 ms) per call,
 * "refused" keeps it still, so every call after the burst takes the refusal and flood-counting path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RateLimiterBenchmark {

    private static final long TOKEN_NANOS = 50_000_000L;

    private RateLimiter allowing;
    private RateLimiter refusing;
    private long now;

    @Setup
    public void setUp() {
        now = 1_000_000_000L;
        allowing = new RateLimiter(20, 40, 100, TimeUnit.SECONDS.toNanos(10), now);
        refusing = new RateLimiter(20, 40, 100, TimeUnit.SECONDS.toNanos(10), now);
        for (int i = 0; i < 40; i++) {
            refusing.tryAcquire(now);
        }
        if (refusing.tryAcquire(now) == RateLimiter.Verdict.ALLOWED
                || allowing.tryAcquire(now + TOKEN_NANOS) != RateLimiter.Verdict.ALLOWED) {
            throw new IllegalStateException("limiter did not start as expected");
        }
        now += TOKEN_NANOS;
    }

    @Benchmark
    public Object allowed() {
        now += TOKEN_NANOS;
        return allowing.tryAcquire(now);
    }

    @Benchmark
    public Object refused() {
        return refusing.tryAcquire(now);
    }
}
