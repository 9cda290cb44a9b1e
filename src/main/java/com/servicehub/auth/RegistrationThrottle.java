package com.servicehub.auth;

import java.time.Clock;

import org.springframework.stereotype.Component;

import com.servicehub.system.TooManyRequestsException;

/**
 * Self-registrations per client address in a sliding window: each one costs a password hash and
 * a row, so one address may not make accounts without end. Every attempt counts, accepted or
 * not. Per node, like {@link LoginThrottle}.
 */
@Component
class RegistrationThrottle {

    private static final long MAX_TRACKED_ADDRESSES = 100_000;

    private final RecentAttempts registrations;
    private final int maxPerAddress;

    RegistrationThrottle(AuthProperties properties, Clock clock) {
        this.maxPerAddress = properties.registration().maxPerAddress();
        this.registrations = new RecentAttempts(properties.registration().window(), MAX_TRACKED_ADDRESSES, clock);
    }

    /** Counts one registration from the address, or refuses it with 429 when the address is over its limit. */
    void admit(String address) {
        registrations.tryRecord(address, maxPerAddress).ifPresent(wait -> {
            throw new TooManyRequestsException("Too many registrations from this address; try again later", wait);
        });
    }
}
