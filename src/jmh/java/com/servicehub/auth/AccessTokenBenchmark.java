package com.servicehub.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Checking a valid HS256 access token: {@link AccessTokens#verify}, as the gateway does on every
 * WebSocket handshake and {@code auth} frame (HMAC, then header and claims rules), and the Nimbus
 * decoder that the REST API runs on every request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class AccessTokenBenchmark {

    private AccessTokens tokens;
    private String token;

    @Setup
    public void setUp() {
        byte[] secret = "benchmark-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8);
        // An hour is far longer than any run, so the token stays valid throughout.
        tokens = new AccessTokens(secret, Duration.ofHours(1), Clock.systemUTC());
        token = tokens.issue(UUID.randomUUID(), Role.CUSTOMER).token();
        if (tokens.verify(token).user().role() != Role.CUSTOMER) {
            throw new IllegalStateException("token did not verify");
        }
    }

    @Benchmark
    public VerifiedToken verify() {
        return tokens.verify(token);
    }

    @Benchmark
    public Jwt decoder() {
        return tokens.decoder().decode(token);
    }
}
