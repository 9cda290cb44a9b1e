package com.servicehub.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class TokenMinterTest {

    @Test
    void signsTheRfc7515AppendixA1Example() {
        byte[] key = Base64.getUrlDecoder()
                .decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
        TokenMinter minter = new TokenMinter(key, Duration.ofMinutes(15));

        String token = minter.sign(
                "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}",
                "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}");

        assertEquals(
                "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
                        + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
                        + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
                token);
    }

    @Test
    void signsTheWellKnownJwtIoExample() {
        TokenMinter minter = TokenMinter.forSecret("your-256-bit-secret", false, Duration.ofMinutes(15));

        String token =
                minter.sign(TokenMinter.HEADER, "{\"sub\":\"1234567890\",\"name\":\"John Doe\",\"iat\":1516239022}");

        assertEquals(
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
                        + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
                        + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
                token);
    }

    @Test
    void mintedTokenDecodesToTheContractClaims() throws Exception {
        String secret = "a-test-secret-that-is-at-least-32-bytes-long";
        TokenMinter minter = TokenMinter.forSecret(secret, false, Duration.ofHours(2));
        String userId = UUID.randomUUID().toString();
        long before = Instant.now().getEpochSecond();

        String token = minter.mint(userId, "admin");

        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(expected, Base64.getUrlDecoder().decode(parts[2]));
        assertTrue(
                !parts[2].contains("=") && !parts[2].contains("+") && !parts[2].contains("/"),
                "base64url without padding");

        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        assertEquals("HS256", JsonText.string(header, "alg"));
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertEquals(userId, JsonText.string(claims, "sub"));
        assertEquals("admin", JsonText.string(claims, "role"));
        UUID.fromString(JsonText.string(claims, "jti"));
        long iat = number(claims, "iat");
        long exp = number(claims, "exp");
        assertTrue(iat >= before && iat <= Instant.now().getEpochSecond());
        assertEquals(7200, exp - iat);
    }

    @Test
    void everyTokenHasItsOwnJti() {
        TokenMinter minter =
                TokenMinter.forSecret("a-test-secret-that-is-at-least-32-bytes-long", false, Duration.ofHours(1));
        assertNotEquals(minter.mint("u", "customer"), minter.mint("u", "customer"));
    }

    @Test
    void readsABase64Secret() {
        String raw = "a-test-secret-that-is-at-least-32-bytes-long";
        String encoded = Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        String claims = "{\"sub\":\"x\"}";
        assertEquals(
                TokenMinter.forSecret(raw, false, Duration.ofHours(1)).sign(TokenMinter.HEADER, claims),
                TokenMinter.forSecret(encoded, true, Duration.ofHours(1)).sign(TokenMinter.HEADER, claims));
    }

    private static long number(String json, String field) {
        int at = json.indexOf("\"" + field + "\":") + field.length() + 3;
        int end = at;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Long.parseLong(json.substring(at, end));
    }
}
