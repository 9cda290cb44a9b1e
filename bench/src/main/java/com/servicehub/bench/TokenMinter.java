package com.servicehub.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints access tokens the way the service does (CONTRACT §1): compact JWS, HS256 over the
 * {@code JWT_SECRET} bytes, claims {@code sub, role, iat, exp, jti}. Because the gateway accepts
 * any well-signed unexpired token without a database round trip, the generator can open tens of
 * thousands of connections for made-up user ids without touching the REST API.
 *
 * <p>The lifetime is ours to choose; it should outlast the run, because the gateway closes a
 * connection whose token expires (1008) and the generator does not send {@code auth} refreshes.
 */
final class TokenMinter {

    static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final Duration lifetime;
    private final ThreadLocal<Mac> macs;

    TokenMinter(byte[] secret, Duration lifetime) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("empty JWT secret");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.lifetime = lifetime;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The secret as the service reads it: the UTF-8 bytes of the string, or base64 when asked. */
    static TokenMinter forSecret(String secret, boolean base64, Duration lifetime) {
        byte[] bytes = base64 ? Base64.getDecoder().decode(secret) : secret.getBytes(StandardCharsets.UTF_8);
        return new TokenMinter(bytes, lifetime);
    }

    int secretLength() {
        return key.getEncoded().length;
    }

    String mint(String userId, String role) {
        long now = Instant.now().getEpochSecond();
        String claims = "{\"sub\":\"" + userId + "\",\"role\":\"" + role + "\",\"iat\":" + now + ",\"exp\":"
                + (now + lifetime.toSeconds()) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        return sign(HEADER, claims);
    }

    /** Signs exactly these JSON texts (their bytes are encoded as given, whitespace included). */
    String sign(String headerJson, String claimsJson) {
        String signingInput = encode(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + encode(claimsJson.getBytes(StandardCharsets.UTF_8));
        byte[] signature = macs.get().doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + encode(signature);
    }

    private static String encode(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
