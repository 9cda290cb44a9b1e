package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.servicehub.realtime.RateLimiter.Verdict;

/** The contract's limit: 20 frames per second, bursts of 40; a client that keeps flooding is cut. */
class RateLimiterTests {

    static final long SECOND = 1_000_000_000L;

    static RateLimiter limiter(long now) {
        return new RateLimiter(20, 40, 100, 10 * SECOND, now);
    }

    @Test
    void aBurstOfFortyPassesAndTheFortyFirstIsLimited() {
        RateLimiter limiter = limiter(0);
        for (int i = 0; i < 40; i++) {
            assertThat(limiter.tryAcquire(0)).isEqualTo(Verdict.ALLOWED);
        }
        assertThat(limiter.tryAcquire(0)).isEqualTo(Verdict.LIMITED);
    }

    @Test
    void tokensComeBackAtTwentyPerSecond() {
        RateLimiter limiter = limiter(0);
        for (int i = 0; i < 40; i++) {
            limiter.tryAcquire(0);
        }
        assertThat(limiter.tryAcquire(SECOND / 20 - 1)).isEqualTo(Verdict.LIMITED);
        assertThat(limiter.tryAcquire(SECOND / 20 + 1)).isEqualTo(Verdict.ALLOWED);
        assertThat(limiter.tryAcquire(SECOND / 20 + 2)).isEqualTo(Verdict.LIMITED);
    }

    @Test
    void aSteadyTwentyPerSecondIsNeverLimited() {
        RateLimiter limiter = limiter(0);
        for (int i = 1; i <= 1_000; i++) {
            assertThat(limiter.tryAcquire(i * (SECOND / 20))).isEqualTo(Verdict.ALLOWED);
        }
    }

    @Test
    void aQuietPeriodRefillsNoMoreThanTheBurst() {
        RateLimiter limiter = limiter(0);
        long later = 3_600 * SECOND;
        for (int i = 0; i < 40; i++) {
            assertThat(limiter.tryAcquire(later)).isEqualTo(Verdict.ALLOWED);
        }
        assertThat(limiter.tryAcquire(later)).isEqualTo(Verdict.LIMITED);
    }

    @Test
    void morethanAHundredRefusalsWithinTheWindowIsFlooding() {
        RateLimiter limiter = limiter(0);
        for (int i = 0; i < 40; i++) {
            limiter.tryAcquire(0);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire(1)).isEqualTo(Verdict.LIMITED);
        }
        assertThat(limiter.tryAcquire(1)).isEqualTo(Verdict.FLOODING);
    }

    @Test
    void refusalsSpreadOverMoreThanTheWindowAreNotFlooding() {
        RateLimiter limiter = limiter(0);
        for (int i = 0; i < 40; i++) {
            limiter.tryAcquire(0);
        }
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.tryAcquire(1)).isEqualTo(Verdict.LIMITED);
        }
        long later = 11 * SECOND;
        for (int i = 0; i < 40; i++) {
            limiter.tryAcquire(later); // the refill of the quiet time
        }
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.tryAcquire(later)).isEqualTo(Verdict.LIMITED);
        }
    }
}
