package com.servicehub.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Issues and checks the access tokens of CONTRACT §1: HS256 only, with {@code sub} (a user id),
 * a known {@code role}, {@code iat}, {@code exp} and {@code jti}. Checking needs only the shared
 * secret, so any node accepts a token issued by any other without touching the database.
 */
public class AccessTokens {

    static final String EXPIRED = "token_expired";

    private final MACSigner signer;
    private final NimbusJwtDecoder decoder;
    private final Hs256Verifier verifier;
    private final Duration ttl;
    private final Clock clock;

    AccessTokens(byte[] secret, Duration ttl, Clock clock) {
        try {
            this.signer = new MACSigner(secret);
        } catch (JOSEException ex) {
            throw new IllegalArgumentException("JWT secret must be at least 32 bytes", ex);
        }
        SecretKey key = new SecretKeySpec(secret, "HmacSHA256");
        this.decoder = NimbusJwtDecoder.withSecretKey(key)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        this.decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(new ClaimsValidator(clock))));
        this.verifier = new Hs256Verifier(secret, clock);
        this.ttl = ttl;
        this.clock = clock;
    }

    record Issued(String token, Instant expiresAt) {}

    Issued issue(UUID userId, Role role) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(userId.toString())
                .claim("role", role.value())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(com.nimbusds.jose.JOSEObjectType.JWT)
                        .build(),
                claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException ex) {
            throw new IllegalStateException("Could not sign an access token", ex);
        }
        return new Issued(jwt.serialize(), Instant.ofEpochSecond(expiresAt.getEpochSecond()));
    }

    Duration ttl() {
        return ttl;
    }

    /** The decoder for the REST resource server; {@link #verify} gives the same answers for less. */
    NimbusJwtDecoder decoder() {
        return decoder;
    }

    /**
     * Checks a token, as the WebSocket handshake and {@code auth} frame do; throws
     * {@link InvalidAccessTokenException} saying whether it merely expired.
     */
    public VerifiedToken verify(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidAccessTokenException("missing token", false);
        }
        return verifier.verify(token);
    }

    static VerifiedToken toVerified(Jwt jwt) {
        Role role = Role.find(jwt.getClaimAsString("role")).orElseThrow();
        return new VerifiedToken(new CurrentUser(UUID.fromString(jwt.getSubject()), role), jwt.getExpiresAt());
    }

    /**
     * The claims rules of CONTRACT §1, and {@code nbf} when a token has one (this service never
     * issues it; a token not valid yet is refused as invalid, with no leeway, like {@code exp}).
     * Expiry is reported apart so clients can tell it from forgery.
     */
    private record ClaimsValidator(Clock clock) implements OAuth2TokenValidator<Jwt> {

        @Override
        public OAuth2TokenValidatorResult validate(Jwt jwt) {
            if (jwt.getSubject() == null || !isUserId(jwt.getSubject())) {
                return invalid("sub must be a user id");
            }
            if (Role.find(jwt.getClaimAsString("role")).isEmpty()) {
                return invalid("unknown role");
            }
            if (jwt.getExpiresAt() == null) {
                return invalid("exp is required");
            }
            Instant now = clock.instant();
            if (!now.isBefore(jwt.getExpiresAt())) {
                return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", EXPIRED, null));
            }
            if (jwt.getNotBefore() != null && now.isBefore(jwt.getNotBefore())) {
                return invalid("not valid before nbf");
            }
            return OAuth2TokenValidatorResult.success();
        }

        private static OAuth2TokenValidatorResult invalid(String description) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
        }
    }

    /** A user id as {@code sub} must spell it: a UUID in its 36-character form. */
    static boolean isUserId(String value) {
        try {
            UUID.fromString(value);
            return value.length() == 36;
        } catch (IllegalArgumentException ex) {
            return false;
        }
    }
}
