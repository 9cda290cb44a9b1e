package com.servicehub.realtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * Access tokens made by hand with the test secret, as another node or a forger would make them.
 * The gateway checks tokens without the database, so a minted token needs no stored user (unless
 * the test joins rooms whose access is checked against stored bookings or tickets).
 */
final class TestTokens {

    static final byte[] SECRET = ClusterNodes.SECRET.getBytes(StandardCharsets.UTF_8);

    private TestTokens() {}

    /** A valid token for the user, good for 15 minutes. */
    static String valid(UUID userId, String role) {
        return expiringAt(userId, role, Instant.now().plus(Duration.ofMinutes(15)));
    }

    static String expiringAt(UUID userId, String role, Instant expiresAt) {
        return sign(claims(userId.toString(), role, expiresAt).build(), JWSAlgorithm.HS256, SECRET);
    }

    /**
     * Claims as the service issues them (issued 15 minutes before expiry, as a real token that ran
     * out would be); a null argument leaves that claim out.
     */
    static JWTClaimsSet.Builder claims(String subject, String role, Instant expiresAt) {
        Instant issuedAt = expiresAt == null ? Instant.now() : expiresAt.minus(Duration.ofMinutes(15));
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issueTime(Date.from(issuedAt))
                .jwtID(UUID.randomUUID().toString());
        if (subject != null) {
            claims.subject(subject);
        }
        if (role != null) {
            claims.claim("role", role);
        }
        if (expiresAt != null) {
            claims.expirationTime(Date.from(expiresAt));
        }
        return claims;
    }

    static String sign(JWTClaimsSet claims, JWSAlgorithm algorithm, byte[] secret) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).build(), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
        return jwt.serialize();
    }

    /** {@code alg: none}: no signature at all. */
    static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }
}
