package com.servicehub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LoginThrottleTests {

    private static final String PHONE = "+966511111111";
    private static final String ADDRESS = "203.0.113.7";

    private final MutableClock clock = new MutableClock(Instant.parse("2024-10-02T19:00:00Z"));
    private final LoginThrottle throttle = throttle(3, 10, Duration.ofMinutes(15));

    @Test
    void letsFailuresThroughUpToTheLimit() {
        throttle.recordFailure(PHONE, ADDRESS);
        throttle.recordFailure(PHONE, ADDRESS);

        assertThat(throttle.retryAfter(PHONE, ADDRESS)).isEmpty();
    }

    @Test
    void refusesThePhoneUntilItsOldestFailureLeavesTheWindow() {
        throttle.recordFailure(PHONE, ADDRESS);
        clock.advance(Duration.ofMinutes(5));
        throttle.recordFailure(PHONE, ADDRESS);
        clock.advance(Duration.ofMinutes(5));
        throttle.recordFailure(PHONE, ADDRESS);

        assertThat(throttle.retryAfter(PHONE, ADDRESS)).contains(Duration.ofMinutes(5));
        assertThat(throttle.retryAfter(PHONE, "198.51.100.1")).contains(Duration.ofMinutes(5));

        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(throttle.retryAfter(PHONE, ADDRESS)).contains(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter(PHONE, ADDRESS)).isEmpty();
    }

    @Test
    void theWindowSlides() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure(PHONE, ADDRESS);
            clock.advance(Duration.ofMinutes(1));
        }
        clock.advance(Duration.ofMinutes(12));
        assertThat(throttle.retryAfter(PHONE, ADDRESS))
                .as("the first failure left the window")
                .isEmpty();

        // One more: three within the window again, the oldest of them fourteen minutes ago.
        throttle.recordFailure(PHONE, ADDRESS);
        assertThat(throttle.retryAfter(PHONE, ADDRESS)).contains(Duration.ofMinutes(1));
    }

    @Test
    void letsGoAfterAShortWindow() {
        LoginThrottle quick = throttle(2, 10, Duration.ofSeconds(2));
        quick.recordFailure(PHONE, ADDRESS);
        quick.recordFailure(PHONE, ADDRESS);
        assertThat(quick.retryAfter(PHONE, ADDRESS)).contains(Duration.ofSeconds(2));

        clock.advance(Duration.ofSeconds(2));

        assertThat(quick.retryAfter(PHONE, ADDRESS)).isEmpty();
    }

    @Test
    void refusesAnAddressThatTriesManyPhones() {
        for (int i = 0; i < 10; i++) {
            throttle.recordFailure("+96651000000" + i, ADDRESS);
        }

        assertThat(throttle.retryAfter("+966522222222", ADDRESS)).contains(Duration.ofMinutes(15));
        assertThat(throttle.retryAfter("+966522222222", "198.51.100.1")).isEmpty();
    }

    @Test
    void reportsTheLongerWaitWhenBothLimitsAreHit() {
        LoginThrottle both = throttle(2, 2, Duration.ofMinutes(15));
        both.recordFailure("+966533333333", ADDRESS);
        clock.advance(Duration.ofMinutes(3));
        both.recordFailure(PHONE, ADDRESS);
        clock.advance(Duration.ofMinutes(3));
        both.recordFailure(PHONE, "198.51.100.1");

        assertThat(both.retryAfter(PHONE, ADDRESS)).contains(Duration.ofMinutes(12));
    }

    @Test
    void successClearsThePhoneButNotTheAddress() {
        LoginThrottle both = throttle(3, 3, Duration.ofMinutes(15));
        for (int i = 0; i < 3; i++) {
            both.recordFailure(PHONE, ADDRESS);
        }

        both.recordSuccess(PHONE);

        assertThat(both.retryAfter(PHONE, "198.51.100.1")).isEmpty();
        assertThat(both.retryAfter(PHONE, ADDRESS)).isPresent();
    }

    @Test
    void phonesAndAddressesNeverShareACount() {
        LoginThrottle both = throttle(2, 100, Duration.ofMinutes(15));
        both.recordFailure(ADDRESS, "+966544444444");
        both.recordFailure(ADDRESS, "+966544444444");

        assertThat(both.retryAfter(PHONE, ADDRESS)).isEmpty();
    }

    private LoginThrottle throttle(int perPhone, int perAddress, Duration window) {
        AuthProperties properties = new AuthProperties(
                "x".repeat(32),
                Duration.ofMinutes(15),
                Duration.ofDays(30),
                false,
                4,
                new AuthProperties.Throttle(perPhone, perAddress, window),
                new AuthProperties.Registration(20, Duration.ofHours(1)),
                new AuthProperties.Hashing(0, 32, Duration.ofSeconds(2)));
        return new LoginThrottle(properties, clock);
    }
}
