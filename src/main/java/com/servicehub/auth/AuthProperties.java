package com.servicehub.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param jwtSecret HS256 secret shared by every node ({@code JWT_SECRET}), at least 32 bytes
 * @param accessTokenTtl lifetime of an access token ({@code ACCESS_TOKEN_TTL})
 * @param refreshTokenTtl lifetime of a refresh token
 * @param seedDemoData create the demo accounts; unset means "on the embedded database only"
 * @param bcryptCost work factor of the password hash
 * @param throttle login throttling
 * @param registration self-registration throttling
 * @param hashing how many password hashes may run and wait at once
 */
@ConfigurationProperties("servicehub.auth")
record AuthProperties(
        String jwtSecret,
        @DefaultValue("PT15M") Duration accessTokenTtl,
        @DefaultValue("P30D") Duration refreshTokenTtl,
        Boolean seedDemoData,
        @DefaultValue("10") int bcryptCost,
        @DefaultValue Throttle throttle,
        @DefaultValue Registration registration,
        @DefaultValue Hashing hashing) {

    /**
     * Failed logins allowed per phone and per client address within {@code window}; past that,
     * 429 until the oldest failure leaves the window.
     */
    record Throttle(
            @DefaultValue("5") int maxFailuresPerPhone,
            @DefaultValue("50") int maxFailuresPerAddress,
            @DefaultValue("PT15M") Duration window) {}

    /**
     * Self-registrations allowed per client address within {@code window}; past that, 429 until
     * the oldest leaves the window.
     */
    record Registration(
            @DefaultValue("20") int maxPerAddress,
            @DefaultValue("PT1H") Duration window) {}

    /**
     * @param concurrency password hashes computed at once; 0 means one per available core
     * @param queue requests that may wait for a hash slot; beyond that, 429 at once
     * @param maxWait how long a request waits for a slot before it is answered 429
     */
    record Hashing(
            @DefaultValue("0") int concurrency,
            @DefaultValue("32") int queue,
            @DefaultValue("PT2S") Duration maxWait) {}
}
