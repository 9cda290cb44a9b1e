package com.servicehub.realtime;

/**
 * A token bucket for one connection's client frames, plus the count of refused frames that
 * tells a burst from a flood. Not thread-safe: a connection's frames are handled one at a time.
 */
final class RateLimiter {

    enum Verdict {
        ALLOWED,
        LIMITED,
        FLOODING
    }

    private final double perNano;
    private final int burst;
    private final int floodCloseAfter;
    private final long floodWindowNanos;
    private double tokens;
    private long refilledAt;
    private int refused;
    private long refusedSince;

    RateLimiter(int perSecond, int burst, int floodCloseAfter, long floodWindowNanos, long now) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.floodCloseAfter = floodCloseAfter;
        this.floodWindowNanos = floodWindowNanos;
        this.tokens = burst;
        this.refilledAt = now;
    }

    Verdict tryAcquire(long now) {
        tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.ALLOWED;
        }
        if (refused == 0 || now - refusedSince > floodWindowNanos) {
            refused = 0;
            refusedSince = now;
        }
        refused++;
        return refused > floodCloseAfter ? Verdict.FLOODING : Verdict.LIMITED;
    }
}
