package com.servicehub.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Counts failed logins per phone and per client address in a sliding window. Past the limit a
 * key is refused until its oldest failure leaves the window; a successful login clears the
 * phone's count. Counts are per node: behind a load balancer an attacker gets at most N times
 * the limit, which still defeats online guessing.
 */
@Component
class LoginThrottle {

    private static final int MAX_TRACKED_KEYS = 100_000;

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final AuthProperties.Throttle settings;
    private final Clock clock;

    LoginThrottle(AuthProperties properties, Clock clock) {
        this.settings = properties.throttle();
        this.clock = clock;
    }

    /** How long the caller must wait, when either key is over its limit. */
    Optional<Duration> retryAfter(String phone, String address) {
        Instant now = clock.instant();
        return longest(wait("phone:" + phone, settings.maxFailuresPerPhone(), now),
                wait("addr:" + address, settings.maxFailuresPerAddress(), now));
    }

    void recordFailure(String phone, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_TRACKED_KEYS) {
            failures.entrySet().removeIf(entry -> expired(entry.getValue(), now));
        }
        add("phone:" + phone, settings.maxFailuresPerPhone(), now);
        add("addr:" + address, settings.maxFailuresPerAddress(), now);
    }

    void recordSuccess(String phone) {
        failures.remove("phone:" + phone);
    }

    private void add(String key, int limit, Instant now) {
        failures.compute(key, (k, times) -> {
            Deque<Instant> deque = times == null ? new ArrayDeque<>() : times;
            synchronized (deque) {
                deque.addLast(now);
                while (deque.size() > limit) {
                    deque.removeFirst();
                }
            }
            return deque;
        });
    }

    private Optional<Duration> wait(String key, int limit, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Optional.empty();
        }
        synchronized (times) {
            if (times.size() < limit) {
                return Optional.empty();
            }
            Instant freeAt = times.peekFirst().plus(settings.window());
            return freeAt.isAfter(now) ? Optional.of(Duration.between(now, freeAt)) : Optional.empty();
        }
    }

    private boolean expired(Deque<Instant> times, Instant now) {
        synchronized (times) {
            Instant last = times.peekLast();
            return last == null || last.plus(settings.window()).isBefore(now);
        }
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
