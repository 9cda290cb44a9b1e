package com.servicehub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.servicehub.system.TooManyRequestsException;

/** The registration limit's sliding window, on a clock the test moves. */
class RegistrationThrottleTests {

    private static final String ADDRESS = "203.0.113.7";

    private final MutableClock clock = new MutableClock(Instant.parse("2024-10-02T19:00:00Z"));
    private final RegistrationThrottle throttle = new RegistrationThrottle(
            new AuthProperties(
                    "x".repeat(32),
                    Duration.ofMinutes(15),
                    Duration.ofDays(30),
                    false,
                    4,
                    new AuthProperties.Throttle(5, 50, Duration.ofMinutes(15)),
                    new AuthProperties.Registration(2, Duration.ofHours(1)),
                    new AuthProperties.Hashing(0, 32, Duration.ofSeconds(2))),
            clock);

    @Test
    void refusesAnAddressPastItsLimitUntilItsOldestRegistrationLeavesTheWindow() {
        throttle.admit(ADDRESS);
        clock.advance(Duration.ofMinutes(20));
        throttle.admit(ADDRESS);

        assertThatExceptionOfType(TooManyRequestsException.class)
                .isThrownBy(() -> throttle.admit(ADDRESS))
                .satisfies(ex -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofMinutes(40)));
        assertThatNoException().as("another address").isThrownBy(() -> throttle.admit("198.51.100.1"));

        clock.advance(Duration.ofMinutes(40).minusSeconds(1));
        assertThatExceptionOfType(TooManyRequestsException.class)
                .isThrownBy(() -> throttle.admit(ADDRESS))
                .satisfies(ex -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(1)));

        clock.advance(Duration.ofSeconds(1));
        assertThatNoException().isThrownBy(() -> throttle.admit(ADDRESS));
        assertThatExceptionOfType(TooManyRequestsException.class)
                .as("that one counted")
                .isThrownBy(() -> throttle.admit(ADDRESS));
    }

    @Test
    void refusedAttemptsDoNotPushTheWindowOut() {
        throttle.admit(ADDRESS);
        throttle.admit(ADDRESS);
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMinutes(5));
            assertThatExceptionOfType(TooManyRequestsException.class).isThrownBy(() -> throttle.admit(ADDRESS));
        }

        clock.advance(Duration.ofMinutes(10));

        assertThatNoException().isThrownBy(() -> throttle.admit(ADDRESS));
    }

    @Test
    void anAddressIsForgottenAWindowAfterItsLastRegistration() {
        throttle.admit(ADDRESS);
        throttle.admit(ADDRESS);

        clock.advance(Duration.ofHours(1));

        assertThatNoException().isThrownBy(() -> throttle.admit(ADDRESS));
        assertThatNoException().isThrownBy(() -> throttle.admit(ADDRESS));
    }
}
