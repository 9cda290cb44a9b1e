package com.servicehub.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * The access-token check of the WebSocket handshake and {@code auth} frame. The Nimbus decoder that
 * the REST API uses ({@link AccessTokens#decoder()}) costs about 18 µs and 19 KB a token, mostly in
 * its constant-time Base64 and its JSON objects, and the gateway must take 2,000 handshakes a second
 * on two cores. This check gives the decoder's answers (Hs256VerifierTests holds the two together)
 * for a fraction of that:
 * <ul>
 * <li>the trimmed token has exactly three parts, each read as Nimbus reads Base64url: characters of
 * neither Base64 alphabet (padding, whitespace) are skipped;
 * <li>the HMAC-SHA256 of the first two parts must equal the third, compared in constant time, before
 * any JSON is read;
 * <li>the JSON is read as strictly as Nimbus's Gson reads it: one object with no member twice, at
 * most 255 levels deep, finite numbers, registered claims and header parameters of their registered
 * types, JSON null as absent, a header of at most 20,000 characters;
 * <li>the header says {@code alg} HS256 and has no {@code enc}; {@code b64}, the one critical
 * extension Nimbus knows, may only be true;
 * <li>{@code iat}, when present, is before {@code exp} (Spring's {@code Jwt} insists), then the
 * rules of {@code ClaimsValidator}: a user id in {@code sub}, a known {@code role}, an {@code exp}
 * after now, an {@code nbf} (when present) not after now. Times are whole seconds, as Nimbus reads them.
 * </ul>
 * Where it differs, only a holder of the secret could sign the token: a header naming a key
 * ({@code jku}, {@code jwk}, {@code x5u}, {@code x5c}, {@code x5t}, {@code x5t#S256}) is refused, as
 * the shared secret is the only key, where Nimbus checks its form and accepts it; and Gson's
 * misreading of integers whose leading digits make a multiple of 2^64 is not copied.
 */
final class Hs256Verifier {

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    /** Nimbus's {@code Header.MAX_HEADER_STRING_LENGTH}. */
    private static final int MAX_HEADER_CHARS = 20_000;
    /** Gson's nesting limit, which Nimbus keeps. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(255).build())
            .build();

    private static final List<String> KEY_REFERENCES = List.of("jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256");
    /** Stands for a nested JSON object, whose members no rule reads. */
    private static final Object OBJECT = new Object();

    private final ThreadLocal<Mac> macs;
    private final Clock clock;

    Hs256Verifier(byte[] secret, Clock clock) {
        SecretKeySpec key = new SecretKeySpec(secret, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException ex) {
                throw new IllegalStateException("HmacSHA256 is not available", ex);
            }
        });
        this.clock = clock;
    }

    VerifiedToken verify(String token) {
        String jws = token.trim();
        int dot1 = jws.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : jws.indexOf('.', dot1 + 1);
        if (dot2 < 0 || jws.indexOf('.', dot2 + 1) >= 0) {
            throw invalid();
        }
        byte[] signature = decode(jws.substring(dot2 + 1));
        byte[] expected = macs.get().doFinal(jws.substring(0, dot2).getBytes(StandardCharsets.UTF_8));
        if (!MessageDigest.isEqual(expected, signature)) {
            throw invalid();
        }
        String header = text(jws.substring(0, dot1));
        if (header.length() > MAX_HEADER_CHARS) {
            throw invalid();
        }
        checkHeader(members(header));
        return checkClaims(members(text(jws.substring(dot1 + 1, dot2))));
    }

    private static void checkHeader(Map<String, Object> header) {
        // With "enc", Nimbus reads the token as an encrypted one.
        if (!"HS256".equals(header.get("alg")) || header.containsKey("enc")) {
            throw invalid();
        }
        if (!isText(header, "typ", "cty", "kid")
                || KEY_REFERENCES.stream().anyMatch(name -> header.get(name) != null)) {
            throw invalid();
        }
        // Nimbus understands only the critical extension b64, and only true: a payload in Base64url.
        boolean plainPayload = !header.containsKey("b64") || Boolean.TRUE.equals(header.get("b64"));
        Object crit = header.get("crit");
        if (!plainPayload
                || crit != null
                        && !(crit instanceof List<?> names && names.stream().allMatch("b64"::equals))) {
            throw invalid();
        }
    }

    private VerifiedToken checkClaims(Map<String, Object> claims) {
        if (!isText(claims, "iss", "sub", "jti")
                || !isAudience(claims.get("aud"))
                || !isNumber(claims, "exp", "iat", "nbf")) {
            throw invalid();
        }
        Instant expiresAt = instant(claims.get("exp"));
        Instant issuedAt = instant(claims.get("iat"));
        if (expiresAt != null && issuedAt != null && !expiresAt.isAfter(issuedAt)) {
            throw invalid();
        }
        Optional<Role> role = claims.get("role") instanceof String value ? Role.find(value) : Optional.empty();
        if (!(claims.get("sub") instanceof String subject)
                || !AccessTokens.isUserId(subject)
                || role.isEmpty()
                || expiresAt == null) {
            throw invalid();
        }
        Instant now = clock.instant();
        if (!now.isBefore(expiresAt)) {
            throw new InvalidAccessTokenException("token expired", true);
        }
        Instant notBefore = instant(claims.get("nbf"));
        if (notBefore != null && now.isBefore(notBefore)) {
            throw invalid();
        }
        return new VerifiedToken(new CurrentUser(UUID.fromString(subject), role.get()), expiresAt);
    }

    /** Seconds since the epoch as Nimbus reads them: the fraction dropped, times 1,000 in a long. */
    private static Instant instant(Object seconds) {
        return seconds == null ? null : Instant.ofEpochMilli(((Number) seconds).longValue() * 1000);
    }

    private static boolean isText(Map<String, Object> members, String... names) {
        return allAbsentOr(String.class, members, names);
    }

    private static boolean isNumber(Map<String, Object> members, String... names) {
        return allAbsentOr(Number.class, members, names);
    }

    /** True when each named member is absent (or JSON null) or of {@code type}. */
    private static boolean allAbsentOr(Class<?> type, Map<String, Object> members, String... names) {
        for (String name : names) {
            Object value = members.get(name);
            if (value != null && !type.isInstance(value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAudience(Object aud) {
        return aud == null
                || aud instanceof String
                || aud instanceof List<?> list
                        && list.stream().allMatch(item -> item == null || item instanceof String);
    }

    /**
     * A part as Nimbus's Base64url reads it: characters of neither alphabet are skipped, and a lone
     * last character is dropped. The plain Base64url decoder reads canonical parts the same way.
     */
    private static byte[] decode(String part) {
        try {
            return BASE64URL.decode(part);
        } catch (IllegalArgumentException notCanonical) {
            StringBuilder digits = new StringBuilder(part.length());
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c == '+' || c == '/') {
                    digits.append(c == '+' ? '-' : '_');
                } else if (c >= 'A' && c <= 'Z'
                        || c >= 'a' && c <= 'z'
                        || c >= '0' && c <= '9'
                        || c == '-'
                        || c == '_') {
                    digits.append(c);
                }
            }
            if (digits.length() % 4 == 1) {
                digits.setLength(digits.length() - 1);
            }
            return BASE64URL.decode(digits.toString());
        }
    }

    private static String text(String part) {
        return new String(decode(part), StandardCharsets.UTF_8);
    }

    /** The members of a JSON object. Nested objects may repeat a member, as in Gson. */
    private static Map<String, Object> members(String json) {
        // Gson skips a byte-order mark at the very start.
        String text = json.startsWith("\uFEFF") ? json.substring(1) : json;
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalid();
            }
            Map<String, Object> members = new HashMap<>();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (members.containsKey(name)) {
                    throw invalid();
                }
                members.put(name, value(parser));
            }
            if (parser.nextToken() != null) {
                throw invalid();
            }
            return members;
        } catch (JacksonException ex) {
            throw invalid();
        }
    }

    private static Object value(JsonParser parser) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return parser.getString();
        }
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return parser.getLongValue();
        }
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            // Gson reads any other number as a double, and refuses one past a double's range.
            double value = parser.getDoubleValue();
            if (Double.isInfinite(value)) {
                throw invalid();
            }
            return value;
        }
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return token == JsonToken.VALUE_TRUE;
        }
        if (token == JsonToken.START_ARRAY) {
            List<Object> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(value(parser));
            }
            return items;
        }
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                parser.nextToken();
                value(parser);
            }
            return OBJECT;
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw invalid();
    }

    private static InvalidAccessTokenException invalid() {
        return new InvalidAccessTokenException("invalid token", false);
    }
}
