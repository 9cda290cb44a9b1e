package com.servicehub.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Counts failed logins per phone and per client address in a sliding window. Past the limit a
 * key is refused until its oldest failure leaves the window; a successful login clears the
 * phone's count. Counts are per node: behind a load balancer an attacker gets at most N times
 * the limit, which still defeats online guessing.
 */
@Component
class LoginThrottle {

    private static final long MAX_TRACKED_KEYS = 100_000;

    private final RecentAttempts failures;
    private final AuthProperties.Throttle settings;

    LoginThrottle(AuthProperties properties, Clock clock) {
        this.settings = properties.throttle();
        this.failures = new RecentAttempts(settings.window(), MAX_TRACKED_KEYS, clock);
    }

    /** How long the caller must wait, when either key is over its limit. */
    Optional<Duration> retryAfter(String phone, String address) {
        return longest(
                failures.retryAfter("phone:" + phone, settings.maxFailuresPerPhone()),
                failures.retryAfter("addr:" + address, settings.maxFailuresPerAddress()));
    }

    void recordFailure(String phone, String address) {
        failures.record("phone:" + phone, settings.maxFailuresPerPhone());
        failures.record("addr:" + address, settings.maxFailuresPerAddress());
    }

    void recordSuccess(String phone) {
        failures.forget("phone:" + phone);
    }

    private static Optional<Duration> longest(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().compareTo(b.get()) >= 0 ? a : b;
    }
}
