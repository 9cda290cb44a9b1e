package com.servicehub.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Attempts per key (a phone, a client address) in a sliding window. A key is full once it holds
 * {@code limit} attempts within the window, and free again when its oldest one leaves it. Caffeine
 * forgets a key a window after its last attempt, and at most {@code maxKeys} are kept (the least
 * recently used go first), so a flood of new keys cannot grow the node's memory.
 */
final class RecentAttempts {

    private final Cache<String, Deque<Instant>> attempts;
    private final Duration window;
    private final Clock clock;

    RecentAttempts(Duration window, long maxKeys, Clock clock) {
        this.window = window;
        this.clock = clock;
        this.attempts = Caffeine.newBuilder()
                .expireAfterWrite(window)
                .maximumSize(maxKeys)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
    }

    /** How long until the key has room for one more attempt, when it is full. */
    Optional<Duration> retryAfter(String key, int limit) {
        Deque<Instant> times = attempts.getIfPresent(key);
        if (times == null) {
            return Optional.empty();
        }
        synchronized (times) {
            return wait(times, limit, clock.instant());
        }
    }

    /** Counts an attempt; the key keeps only its last {@code limit}, all the window needs. */
    void record(String key, int limit) {
        Instant now = clock.instant();
        attempts.asMap().compute(key, (k, times) -> {
            Deque<Instant> deque = times == null ? new ArrayDeque<>() : times;
            synchronized (deque) {
                add(deque, limit, now);
            }
            return deque;
        });
    }

    /** Counts the attempt when the key has room for it; otherwise, how long until it has. */
    Optional<Duration> tryRecord(String key, int limit) {
        Instant now = clock.instant();
        Duration[] refused = new Duration[1];
        attempts.asMap().compute(key, (k, times) -> {
            Deque<Instant> deque = times == null ? new ArrayDeque<>() : times;
            synchronized (deque) {
                Optional<Duration> wait = wait(deque, limit, now);
                if (wait.isPresent()) {
                    refused[0] = wait.get();
                } else {
                    add(deque, limit, now);
                }
            }
            return deque;
        });
        return Optional.ofNullable(refused[0]);
    }

    void forget(String key) {
        attempts.invalidate(key);
    }

    private Optional<Duration> wait(Deque<Instant> times, int limit, Instant now) {
        if (times.size() < limit) {
            return Optional.empty();
        }
        Instant freeAt = times.peekFirst().plus(window);
        return freeAt.isAfter(now) ? Optional.of(Duration.between(now, freeAt)) : Optional.empty();
    }

    private static void add(Deque<Instant> times, int limit, Instant now) {
        times.addLast(now);
        while (times.size() > limit) {
            times.removeFirst();
        }
    }
}
