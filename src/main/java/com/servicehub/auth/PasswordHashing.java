package com.servicehub.auth;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import com.servicehub.system.TooManyRequestsException;

/**
 * The password hash, with bounded concurrency. A bcrypt check takes all of a core for tens of
 * milliseconds on purpose, so more checks at once than cores only make each slower and starve
 * the event loops: at most {@code concurrency} run, at most {@code queue} requests wait (each
 * for at most {@code max-wait}), and anything beyond is answered 429 with {@code Retry-After}
 * at once. Callers hold no database connection while they are here.
 */
@Component
class PasswordHashing {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final String BUSY = "The server is busy checking passwords; try again shortly";

    private final PasswordEncoder encoder;
    private final Semaphore permits;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int queue;
    private final Duration maxWait;

    PasswordHashing(PasswordEncoder encoder, AuthProperties properties) {
        AuthProperties.Hashing settings = properties.hashing();
        int concurrency = settings.concurrency() > 0
                ? settings.concurrency()
                : Runtime.getRuntime().availableProcessors();
        this.encoder = encoder;
        this.permits = new Semaphore(concurrency, true);
        this.queue = settings.queue();
        this.maxWait = settings.maxWait();
    }

    boolean matches(CharSequence rawPassword, String hash) {
        return bounded(() -> encoder.matches(rawPassword, hash));
    }

    String encode(CharSequence rawPassword) {
        return bounded(() -> encoder.encode(rawPassword));
    }

    /** Cheap: reads the hash's scheme and cost only. */
    boolean upgradeEncoding(String hash) {
        return encoder.upgradeEncoding(hash);
    }

    private <T> T bounded(Supplier<T> hashing) {
        if (!permits.tryAcquire()) {
            await();
        }
        try {
            return hashing.get();
        } finally {
            permits.release();
        }
    }

    private void await() {
        if (waiting.incrementAndGet() > queue) {
            waiting.decrementAndGet();
            throw new TooManyRequestsException(BUSY, RETRY_AFTER);
        }
        try {
            if (!permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new TooManyRequestsException(BUSY, RETRY_AFTER);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new TooManyRequestsException(BUSY, RETRY_AFTER);
        } finally {
            waiting.decrementAndGet();
        }
    }
}
