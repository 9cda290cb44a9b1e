package com.servicehub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * The lean check behind {@link AccessTokens#verify} (the WebSocket handshake and {@code auth}
 * frame) against the Nimbus decoder that the REST API keeps using: for every token here both give
 * the answer written next to it, down to the user, the expiry and the reason for a refusal.
 */
class Hs256VerifierTests {

    private static final Instant NOW = Instant.parse("2024-10-02T19:00:00Z");
    private static final long T = NOW.getEpochSecond();
    private static final String SECRET = "the-test-secret-of-at-least-32-bytes";
    private static final UUID USER = UUID.fromString("0b5c6c1e-3b8e-4d7a-9d36-6a3f2f1b9c01");

    private static final String HEADER = "{\"typ\":\"JWT\",\"alg\":\"HS256\"}";
    private static final String SUB = "\"sub\":\"" + USER + "\"";
    private static final String ROLE = "\"role\":\"customer\"";
    private static final String IAT = "\"iat\":" + (T - 60);
    private static final String EXP = "\"exp\":" + (T + 840);
    private static final String JTI = "\"jti\":\"4d1f0a52-8c3e-4f7b-a0d2-5e9b7c6d1e20\"";

    private static final Outcome OK = Outcome.accepted(T + 840);
    private static final Outcome INVALID = new Outcome(null, null, "invalid token", false);
    private static final Outcome EXPIRED = new Outcome(null, null, "token expired", true);
    private static final Outcome MISSING = new Outcome(null, null, "missing token", false);

    private final AccessTokens tokens = new AccessTokens(
            SECRET.getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(15), Clock.fixed(NOW, ZoneOffset.UTC));

    /** What a check said: the caller and expiry of an accepted token, or why it was refused. */
    record Outcome(CurrentUser user, Instant expiresAt, String refusal, boolean expired) {

        static Outcome accepted(long exp) {
            return accepted(Role.CUSTOMER, exp);
        }

        static Outcome accepted(Role role, long exp) {
            return new Outcome(new CurrentUser(USER, role), Instant.ofEpochSecond(exp), null, false);
        }

        static Outcome of(Supplier<VerifiedToken> check) {
            try {
                VerifiedToken verified = check.get();
                return new Outcome(verified.user(), verified.expiresAt(), null, false);
            } catch (InvalidAccessTokenException ex) {
                return new Outcome(null, null, ex.getMessage(), ex.expired());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void theLeanCheckAnswersAsTheDecoderDoes(String token, Outcome expected) {
        assertThat(Outcome.of(() -> decoder(token))).as("decoder").isEqualTo(expected);
        assertThat(Outcome.of(() -> tokens.verify(token))).as("lean check").isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("differences")
    void theLeanCheckDiffersOnlyWhereItMeansTo(String token, Outcome decoder, Outcome lean) {
        assertThat(Outcome.of(() -> decoder(token))).as("decoder").isEqualTo(decoder);
        assertThat(Outcome.of(() -> tokens.verify(token))).as("lean check").isEqualTo(lean);
    }

    @Test
    void damagedTokensGetTheSameAnswers() {
        Random random = new Random(7);
        String claims = claims(SUB, ROLE, IAT, EXP, JTI, "\"x\":[1,2.5,{\"y\":null}]");
        String characters = "{}[]\":,.\\ -+eE0123456789abcxyzAQ_/=\u00e9\uFEFF";
        for (int i = 0; i < 3_000; i++) {
            // Damage the JSON and sign it, so the parsers meet it, or damage the token itself.
            String token = i % 2 == 0
                    ? hs256(
                            damage(HEADER, random, characters, i % 8 == 0 ? 2 : 0),
                            damage(claims, random, characters, 1 + random.nextInt(3)))
                    : damage(hs256(HEADER, claims), random, characters, 1 + random.nextInt(3));
            assertThat(Outcome.of(() -> tokens.verify(token))).as(token).isEqualTo(Outcome.of(() -> decoder(token)));
        }
    }

    private static String damage(String text, Random random, String characters, int times) {
        StringBuilder damaged = new StringBuilder(text);
        for (int i = 0; i < times; i++) {
            int at = random.nextInt(damaged.length());
            char c = characters.charAt(random.nextInt(characters.length()));
            switch (random.nextInt(3)) {
                case 0 -> damaged.insert(at, c);
                case 1 -> damaged.setCharAt(at, c);
                default -> damaged.deleteCharAt(at);
            }
        }
        return damaged.toString();
    }

    @Test
    void threadsCheckTokensSideBySide() throws Exception {
        String valid = hs256(HEADER, claims(SUB, ROLE, EXP));
        String forged = sign(
                "HmacSHA256",
                "another-secret-that-is-long-enough-0123",
                encode(HEADER) + "." + encode(claims(SUB, ROLE, EXP)));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 4_000; i++) {
                String token = i % 2 == 0 ? valid : forged;
                outcomes.add(threads.submit(() -> Outcome.of(() -> tokens.verify(token))));
            }
            for (int i = 0; i < outcomes.size(); i++) {
                assertThat(outcomes.get(i).get()).isEqualTo(i % 2 == 0 ? OK : INVALID);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** The check as it was before the lean one: the decoder, with its errors told apart as they were. */
    private VerifiedToken decoder(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidAccessTokenException("missing token", false);
        }
        try {
            return AccessTokens.toVerified(tokens.decoder().decode(token));
        } catch (JwtValidationException ex) {
            boolean expired =
                    ex.getErrors().stream().anyMatch(error -> AccessTokens.EXPIRED.equals(error.getDescription()));
            throw new InvalidAccessTokenException(expired ? "token expired" : "invalid token", expired);
        } catch (JwtException ex) {
            throw new InvalidAccessTokenException("invalid token", false);
        }
    }

    static List<Arguments> corpus() {
        String issued = new AccessTokens(
                        SECRET.getBytes(StandardCharsets.UTF_8),
                        Duration.ofMinutes(15),
                        Clock.fixed(NOW, ZoneOffset.UTC))
                .issue(USER, Role.CUSTOMER)
                .token();
        String valid = withClaims(SUB, ROLE, IAT, EXP, JTI);
        String[] parts = valid.split("\\.");
        String head = parts[0];
        String body = parts[1];
        String mac = parts[2];
        List<Arguments> cases = new ArrayList<>();

        // What the service issues, and what other holders of the secret might mint.
        cases.add(argumentSet("issued by the service", issued, Outcome.accepted(T + 900)));
        cases.add(argumentSet("minted with typ JWT", valid, OK));
        cases.add(argumentSet(
                "an admin", withClaims(SUB, "\"role\":\"admin\"", EXP), Outcome.accepted(Role.ADMIN, T + 840)));
        cases.add(argumentSet("no typ", hs256("{\"alg\":\"HS256\"}", claims(SUB, ROLE, IAT, EXP, JTI)), OK));
        cases.add(argumentSet("typ at+jwt", withHeader("{\"typ\":\"at+jwt\",\"alg\":\"HS256\"}"), OK));
        cases.add(argumentSet("typ jwt", withHeader("{\"typ\":\"jwt\",\"alg\":\"HS256\"}"), OK));
        cases.add(argumentSet("typ JOSE", withHeader("{\"typ\":\"JOSE\",\"alg\":\"HS256\"}"), OK));
        cases.add(argumentSet("typ null", withHeader("{\"typ\":null,\"alg\":\"HS256\"}"), OK));
        cases.add(argumentSet("typ a number", withHeader("{\"typ\":1,\"alg\":\"HS256\"}"), INVALID));
        cases.add(argumentSet("kid", withHeader("{\"alg\":\"HS256\",\"kid\":\"k1\"}"), OK));
        cases.add(argumentSet("kid a number", withHeader("{\"alg\":\"HS256\",\"kid\":1}"), INVALID));
        cases.add(argumentSet("cty JWT", withHeader("{\"alg\":\"HS256\",\"cty\":\"JWT\"}"), OK));
        cases.add(argumentSet("cty text", withHeader("{\"alg\":\"HS256\",\"cty\":\"text/plain\"}"), OK));
        cases.add(argumentSet("a header of our own", withHeader("{\"alg\":\"HS256\",\"foo\":{\"bar\":[1]}}"), OK));
        cases.add(argumentSet("jku null", withHeader("{\"alg\":\"HS256\",\"jku\":null}"), OK));
        cases.add(argumentSet(
                "jwk not a key", withHeader("{\"alg\":\"HS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"}}"), INVALID));
        cases.add(argumentSet("x5u not a URI", withHeader("{\"alg\":\"HS256\",\"x5u\":\"::\"}"), INVALID));
        cases.add(argumentSet("x5c not a list", withHeader("{\"alg\":\"HS256\",\"x5c\":1}"), INVALID));

        // Algorithms and critical extensions.
        cases.add(argumentSet("alg none, unsigned", encode("{\"alg\":\"none\"}") + "." + body + ".", INVALID));
        cases.add(argumentSet("alg none, signed", withHeader("{\"alg\":\"none\"}"), INVALID));
        cases.add(argumentSet(
                "alg HS384", sign("HmacSHA384", SECRET, encode("{\"alg\":\"HS384\"}") + "." + body), INVALID));
        cases.add(argumentSet(
                "alg HS512", sign("HmacSHA512", SECRET, encode("{\"alg\":\"HS512\"}") + "." + body), INVALID));
        cases.add(argumentSet("alg RS256, MACed", withHeader("{\"alg\":\"RS256\"}"), INVALID));
        cases.add(argumentSet("alg dir", withHeader("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}"), INVALID));
        cases.add(argumentSet("alg HS256 with enc", withHeader("{\"alg\":\"HS256\",\"enc\":\"A128GCM\"}"), INVALID));
        cases.add(argumentSet("enc null", withHeader("{\"alg\":\"HS256\",\"enc\":null}"), INVALID));
        cases.add(argumentSet("alg hs256", withHeader("{\"alg\":\"hs256\"}"), INVALID));
        cases.add(argumentSet("alg missing", withHeader("{\"typ\":\"JWT\"}"), INVALID));
        cases.add(argumentSet("alg a number", withHeader("{\"alg\":256}"), INVALID));
        cases.add(argumentSet("alg null", withHeader("{\"alg\":null}"), INVALID));
        cases.add(argumentSet("crit", withHeader("{\"alg\":\"HS256\",\"crit\":[\"exp\"],\"exp\":1}"), INVALID));
        cases.add(argumentSet("crit empty", withHeader("{\"alg\":\"HS256\",\"crit\":[]}"), OK));
        cases.add(argumentSet("crit null", withHeader("{\"alg\":\"HS256\",\"crit\":null}"), OK));
        cases.add(argumentSet("crit with null", withHeader("{\"alg\":\"HS256\",\"crit\":[null]}"), INVALID));
        cases.add(argumentSet("crit not a list", withHeader("{\"alg\":\"HS256\",\"crit\":\"exp\"}"), INVALID));
        cases.add(argumentSet(
                "crit b64, b64 true", withHeader("{\"alg\":\"HS256\",\"b64\":true,\"crit\":[\"b64\"]}"), OK));
        cases.add(argumentSet("crit b64, no b64", withHeader("{\"alg\":\"HS256\",\"crit\":[\"b64\"]}"), OK));
        cases.add(argumentSet(
                "crit b64, b64 false", withHeader("{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}"), INVALID));
        cases.add(argumentSet("b64 false", withHeader("{\"alg\":\"HS256\",\"b64\":false}"), INVALID));
        cases.add(argumentSet("b64 true", withHeader("{\"alg\":\"HS256\",\"b64\":true}"), OK));
        cases.add(argumentSet("b64 null", withHeader("{\"alg\":\"HS256\",\"b64\":null}"), INVALID));
        cases.add(argumentSet("b64 a string", withHeader("{\"alg\":\"HS256\",\"b64\":\"x\"}"), INVALID));

        // Signatures.
        cases.add(argumentSet(
                "wrong secret",
                sign(
                        "HmacSHA256",
                        "another-secret-that-is-long-enough-0123",
                        encode(HEADER) + "." + encode(claims(SUB, ROLE, EXP))),
                INVALID));
        cases.add(argumentSet(
                "payload tampered", head + "." + encode(claims(SUB, "\"role\":\"admin\"", EXP)) + "." + mac, INVALID));
        cases.add(argumentSet("signature tampered", head + "." + body + "." + flip(mac, 5), INVALID));
        cases.add(argumentSet("signature of another token", head + "." + body + "." + issued.split("\\.")[2], INVALID));
        cases.add(argumentSet("signature cut short", head + "." + body + "." + mac.substring(0, 42), INVALID));
        cases.add(argumentSet("signature a character longer", valid + "A", INVALID));
        cases.add(argumentSet("signature with its unused bits set", head + "." + body + "." + unusedBitsSet(mac), OK));

        // Expiry, and the other times.
        cases.add(argumentSet("expired a second ago", withClaims(SUB, ROLE, "\"exp\":" + (T - 1)), EXPIRED));
        cases.add(argumentSet("exp exactly now", withClaims(SUB, ROLE, "\"exp\":" + T), EXPIRED));
        cases.add(argumentSet("exp in a second", withClaims(SUB, ROLE, "\"exp\":" + (T + 1)), Outcome.accepted(T + 1)));
        cases.add(argumentSet("exp half a second from now", withClaims(SUB, ROLE, "\"exp\":" + T + ".5"), EXPIRED));
        cases.add(argumentSet(
                "exp with a fraction", withClaims(SUB, ROLE, "\"exp\":" + (T + 60) + ".9"), Outcome.accepted(T + 60)));
        cases.add(argumentSet(
                "exp with an exponent",
                withClaims(SUB, ROLE, "\"exp\":" + (T + 60) / 10 + "E1"),
                Outcome.accepted(T + 60)));
        cases.add(argumentSet("exp negative", withClaims(SUB, ROLE, "\"exp\":-1"), EXPIRED));
        cases.add(argumentSet("exp 1e20", withClaims(SUB, ROLE, "\"exp\":1e20"), EXPIRED));
        cases.add(argumentSet("exp past a long", withClaims(SUB, ROLE, "\"exp\":100000000000000000000"), EXPIRED));
        cases.add(argumentSet("exp past a long by one", withClaims(SUB, ROLE, "\"exp\":9223372036854775808"), EXPIRED));
        cases.add(argumentSet("exp the largest long", withClaims(SUB, ROLE, "\"exp\":9223372036854775807"), EXPIRED));
        cases.add(argumentSet("exp a string", withClaims(SUB, ROLE, "\"exp\":\"" + (T + 60) + "\""), INVALID));
        cases.add(argumentSet("exp true", withClaims(SUB, ROLE, "\"exp\":true"), INVALID));
        cases.add(argumentSet("exp null", withClaims(SUB, ROLE, "\"exp\":null"), INVALID));
        cases.add(argumentSet("exp with a leading zero", withClaims(SUB, ROLE, "\"exp\":0" + (T + 60)), INVALID));
        cases.add(argumentSet("no exp", withClaims(SUB, ROLE, IAT, JTI), INVALID));
        cases.add(argumentSet(
                "expired with an unknown role", withClaims(SUB, "\"role\":\"root\"", "\"exp\":" + (T - 1)), INVALID));
        cases.add(argumentSet(
                "expired with a bad sub", withClaims("\"sub\":\"x\"", ROLE, "\"exp\":" + (T - 1)), INVALID));
        cases.add(argumentSet(
                "iat equal to exp", withClaims(SUB, ROLE, "\"iat\":" + (T + 60), "\"exp\":" + (T + 60)), INVALID));
        cases.add(argumentSet(
                "iat in the same second as exp",
                withClaims(SUB, ROLE, "\"iat\":" + (T + 60) + ".5", "\"exp\":" + (T + 60)),
                INVALID));
        cases.add(argumentSet(
                "iat a second before exp",
                withClaims(SUB, ROLE, "\"iat\":" + (T + 59) + ".9", "\"exp\":" + (T + 60) + ".1"),
                Outcome.accepted(T + 60)));
        cases.add(argumentSet(
                "iat after exp", withClaims(SUB, ROLE, "\"iat\":" + (T + 90), "\"exp\":" + (T + 60)), INVALID));
        cases.add(argumentSet(
                "iat after exp, expired", withClaims(SUB, ROLE, "\"iat\":" + T, "\"exp\":" + (T - 60)), INVALID));
        cases.add(argumentSet("iat in the future", withClaims(SUB, ROLE, "\"iat\":" + (T + 30), EXP), OK));
        cases.add(argumentSet("iat a string", withClaims(SUB, ROLE, "\"iat\":\"x\"", EXP), INVALID));
        cases.add(argumentSet("iat null", withClaims(SUB, ROLE, "\"iat\":null", EXP), OK));
        cases.add(argumentSet("nbf in the future", withClaims(SUB, ROLE, "\"nbf\":" + (T + 600), EXP), INVALID));
        cases.add(argumentSet("nbf a second ahead", withClaims(SUB, ROLE, "\"nbf\":" + (T + 1), EXP), INVALID));
        cases.add(argumentSet("nbf now", withClaims(SUB, ROLE, "\"nbf\":" + T, EXP), OK));
        cases.add(argumentSet("nbf in the past", withClaims(SUB, ROLE, "\"nbf\":" + (T - 60), EXP), OK));
        cases.add(argumentSet("nbf a string", withClaims(SUB, ROLE, "\"nbf\":\"x\"", EXP), INVALID));
        cases.add(argumentSet("nbf null", withClaims(SUB, ROLE, EXP, "\"nbf\":null"), OK));

        // The other claims.
        cases.add(argumentSet("no sub", withClaims(ROLE, EXP), INVALID));
        cases.add(argumentSet("sub null", withClaims("\"sub\":null", ROLE, EXP), INVALID));
        cases.add(argumentSet("sub a phone", withClaims("\"sub\":\"+966500000001\"", ROLE, EXP), INVALID));
        cases.add(argumentSet("sub a short UUID", withClaims("\"sub\":\"1-1-1-1-1\"", ROLE, EXP), INVALID));
        cases.add(argumentSet("sub empty", withClaims("\"sub\":\"\"", ROLE, EXP), INVALID));
        cases.add(argumentSet("sub with a space", withClaims("\"sub\":\" " + USER + "\"", ROLE, EXP), INVALID));
        cases.add(argumentSet("sub a number", withClaims("\"sub\":12", ROLE, EXP), INVALID));
        cases.add(argumentSet("sub an object", withClaims("\"sub\":{}", ROLE, EXP), INVALID));
        cases.add(argumentSet(
                "sub in upper case", withClaims("\"sub\":\"" + USER.toString().toUpperCase() + "\"", ROLE, EXP), OK));
        cases.add(argumentSet(
                "sub with escapes",
                withClaims("\"sub\":\"\\u0030" + USER.toString().substring(1) + "\"", ROLE, EXP),
                OK));
        // UUID.fromString reads a sign, so this is the same user.
        cases.add(argumentSet(
                "sub with a plus sign",
                withClaims("\"sub\":\"+" + USER.toString().substring(1) + "\"", ROLE, EXP),
                OK));
        cases.add(argumentSet("no role", withClaims(SUB, EXP), INVALID));
        cases.add(argumentSet("role unknown", withClaims(SUB, "\"role\":\"superuser\"", EXP), INVALID));
        cases.add(argumentSet("role in upper case", withClaims(SUB, "\"role\":\"ADMIN\"", EXP), INVALID));
        cases.add(argumentSet("role empty", withClaims(SUB, "\"role\":\"\"", EXP), INVALID));
        cases.add(argumentSet("role null", withClaims(SUB, "\"role\":null", EXP), INVALID));
        cases.add(argumentSet("role a number", withClaims(SUB, "\"role\":1", EXP), INVALID));
        cases.add(argumentSet("role a list", withClaims(SUB, "\"role\":[\"admin\"]", EXP), INVALID));
        cases.add(argumentSet("role with escapes", withClaims(SUB, "\"role\":\"cust\\u006fmer\"", EXP), OK));
        cases.add(argumentSet("jti a number", withClaims(SUB, ROLE, EXP, "\"jti\":1"), INVALID));
        cases.add(argumentSet("jti null", withClaims(SUB, ROLE, EXP, "\"jti\":null"), OK));
        cases.add(argumentSet("iss", withClaims(SUB, ROLE, EXP, "\"iss\":\"servicehub\""), OK));
        cases.add(argumentSet("iss a number", withClaims(SUB, ROLE, EXP, "\"iss\":1"), INVALID));
        cases.add(argumentSet("iss null", withClaims(SUB, ROLE, EXP, "\"iss\":null"), OK));
        cases.add(argumentSet("aud a string", withClaims(SUB, ROLE, EXP, "\"aud\":\"a\""), OK));
        cases.add(argumentSet("aud a list", withClaims(SUB, ROLE, EXP, "\"aud\":[\"a\",\"b\"]"), OK));
        cases.add(argumentSet("aud empty", withClaims(SUB, ROLE, EXP, "\"aud\":[]"), OK));
        cases.add(argumentSet("aud with null", withClaims(SUB, ROLE, EXP, "\"aud\":[null,\"a\"]"), OK));
        cases.add(argumentSet("aud null", withClaims(SUB, ROLE, EXP, "\"aud\":null"), OK));
        cases.add(argumentSet("aud a number", withClaims(SUB, ROLE, EXP, "\"aud\":1"), INVALID));
        cases.add(argumentSet("aud a list of numbers", withClaims(SUB, ROLE, EXP, "\"aud\":[1]"), INVALID));
        cases.add(argumentSet("aud nested", withClaims(SUB, ROLE, EXP, "\"aud\":[[\"a\"]]"), INVALID));
        cases.add(argumentSet("claims of our own", withClaims(SUB, ROLE, EXP, "\"x\":{\"y\":[1,2.5,null,true]}"), OK));

        // Members twice.
        cases.add(argumentSet("alg twice", withHeader("{\"alg\":\"none\",\"alg\":\"HS256\"}"), INVALID));
        cases.add(argumentSet("typ twice", withHeader("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"typ\":\"JWT\"}"), INVALID));
        cases.add(argumentSet("role twice", withClaims(SUB, ROLE, EXP, "\"role\":\"admin\""), INVALID));
        cases.add(argumentSet("exp twice", withClaims(SUB, ROLE, EXP, "\"exp\":" + (T - 60)), INVALID));
        cases.add(argumentSet(
                "sub twice, once escaped", withClaims(SUB, ROLE, EXP, "\"s\\u0075b\":\"" + USER + "\""), INVALID));
        cases.add(argumentSet("a claim of our own twice", withClaims(SUB, ROLE, EXP, "\"x\":1", "\"x\":2"), INVALID));
        cases.add(argumentSet("a nested member twice", withClaims(SUB, ROLE, EXP, "\"x\":{\"y\":1,\"y\":2}"), OK));

        // Parts and their Base64url.
        cases.add(argumentSet("two parts", head + "." + body, INVALID));
        cases.add(argumentSet("four parts", valid + ".x", INVALID));
        cases.add(argumentSet("a trailing dot", valid + ".", INVALID));
        cases.add(argumentSet("five parts", valid + ".x.y", INVALID));
        cases.add(argumentSet("empty header", "." + body + "." + mac, INVALID));
        cases.add(argumentSet("empty payload", signed(head + "."), INVALID));
        cases.add(argumentSet("empty signature", head + "." + body + ".", INVALID));
        cases.add(argumentSet("all parts empty", "..", INVALID));
        cases.add(argumentSet("padding on the signature", valid + "=", OK));
        cases.add(argumentSet("two paddings on the signature", valid + "==", OK));
        cases.add(argumentSet("padding inside the signature", head + "." + body + "." + inserted(mac, "="), OK));
        cases.add(argumentSet("padding on the payload", head + "." + body + "=" + "." + mac, INVALID));
        cases.add(argumentSet("padding on the header, signed", signed(padded(HEADER) + "." + body), OK));
        cases.add(argumentSet(
                "padding on the payload, signed", signed(head + "." + padded(claims(SUB, ROLE, EXP, "\"x\":1"))), OK));
        String urlOnly = signatureWithUrlCharacters();
        int lastDot = urlOnly.lastIndexOf('.');
        cases.add(argumentSet(
                "signature in the standard alphabet",
                urlOnly.substring(0, lastDot + 1) + standard(urlOnly.substring(lastDot + 1)),
                OK));
        cases.add(argumentSet(
                "payload in the standard alphabet, signed",
                signed(head + "." + standard(encode(claims(SUB, ROLE, EXP, "\"x\":\"???>>>\"")))),
                OK));
        cases.add(argumentSet("a stray character in the signature", head + "." + body + "." + inserted(mac, "!"), OK));
        cases.add(argumentSet("a percent sign in the signature", head + "." + body + "." + inserted(mac, "%"), OK));
        cases.add(argumentSet("a space in the signature", head + "." + body + "." + inserted(mac, " "), OK));
        cases.add(argumentSet(
                "a non-ASCII character in the signature", head + "." + body + "." + inserted(mac, "é"), OK));
        cases.add(
                argumentSet("a stray character in the payload", head + "." + inserted(body, "!") + "." + mac, INVALID));
        cases.add(
                argumentSet("a stray character in the payload, signed", signed(head + "." + inserted(body, "!")), OK));
        cases.add(argumentSet(
                "a non-ASCII character in the payload, signed", signed(head + "." + inserted(body, "é")), OK));
        cases.add(argumentSet(
                "a lone last character on the payload, signed",
                signed(head + "."
                        + Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(whole(claims(SUB, ROLE, EXP)).getBytes(StandardCharsets.UTF_8))
                        + "A"),
                OK));

        // Whitespace around the token.
        cases.add(argumentSet("a leading space", " " + valid, OK));
        cases.add(argumentSet("a leading tab", "\t" + valid, OK));
        cases.add(argumentSet("a trailing space", valid + " ", OK));
        cases.add(argumentSet("a trailing newline", valid + "\n", OK));
        cases.add(argumentSet("a trailing CRLF", valid + "\r\n", OK));
        cases.add(argumentSet("a leading no-break space", "\u00a0" + valid, INVALID));
        cases.add(argumentSet("a space after a dot", head + ". " + body + "." + mac, INVALID));
        cases.add(argumentSet("Bearer in front", "Bearer " + valid, INVALID));

        // The JSON.
        cases.add(argumentSet("header not JSON", withHeader("alg=HS256"), INVALID));
        cases.add(argumentSet("header a JSON array", withHeader("[{\"alg\":\"HS256\"}]"), INVALID));
        cases.add(argumentSet("header with text after it", hs256(HEADER + "x", claims(SUB, ROLE, EXP)), INVALID));
        cases.add(argumentSet("payload not JSON", hs256(HEADER, "sub=me"), INVALID));
        cases.add(argumentSet("payload a JSON array", hs256(HEADER, "[" + claims(SUB, ROLE, EXP) + "]"), INVALID));
        cases.add(argumentSet("payload null", hs256(HEADER, "null"), INVALID));
        cases.add(argumentSet("payload blank", hs256(HEADER, " "), INVALID));
        cases.add(argumentSet("payload an empty object", hs256(HEADER, "{}"), INVALID));
        cases.add(argumentSet("payload with text after it", hs256(HEADER, claims(SUB, ROLE, EXP) + "x"), INVALID));
        cases.add(
                argumentSet("payload with an object after it", hs256(HEADER, claims(SUB, ROLE, EXP) + "{}"), INVALID));
        cases.add(argumentSet(
                "payload with whitespace around", hs256(HEADER, " \n" + claims(SUB, ROLE, EXP) + "\t "), OK));
        cases.add(argumentSet(
                "payload with single quotes",
                hs256(HEADER, claims(SUB, ROLE, EXP).replace('"', '\'')),
                INVALID));
        cases.add(argumentSet("payload with a comment", hs256(HEADER, "/* hi */" + claims(SUB, ROLE, EXP)), INVALID));
        cases.add(argumentSet(
                "payload not UTF-8",
                signed(encode(HEADER) + "."
                        + Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(claims(SUB, ROLE, EXP, "\"x\":\"\u00e9\"")
                                        .getBytes(StandardCharsets.ISO_8859_1))),
                OK));
        cases.add(argumentSet(
                "a byte-order mark before the payload", hs256(HEADER, "\uFEFF" + claims(SUB, ROLE, EXP)), OK));
        cases.add(argumentSet(
                "a byte-order mark before the header", hs256("\uFEFF" + HEADER, claims(SUB, ROLE, EXP)), OK));
        cases.add(argumentSet(
                "a byte-order mark after a space", hs256(HEADER, " \uFEFF" + claims(SUB, ROLE, EXP)), INVALID));
        cases.add(argumentSet(
                "a byte-order mark inside", hs256(HEADER, "{\uFEFF" + SUB + "," + ROLE + "," + EXP + "}"), INVALID));
        cases.add(argumentSet("a raw tab in a string", withClaims(SUB, ROLE, EXP, "\"x\":\"a\tb\""), INVALID));
        cases.add(argumentSet("an escaped apostrophe", withClaims(SUB, ROLE, EXP, "\"x\":\"a\\'b\""), INVALID));
        cases.add(argumentSet("an escaped member name", withClaims("\"s\\u0075b\":\"" + USER + "\"", ROLE, EXP), OK));
        cases.add(argumentSet("an empty member name", withClaims(SUB, ROLE, EXP, "\"\":1"), OK));
        cases.add(argumentSet("a number past a double", withClaims(SUB, ROLE, EXP, "\"x\":1e400"), INVALID));
        cases.add(argumentSet(
                "a number past a double, nested", withClaims(SUB, ROLE, EXP, "\"x\":{\"y\":[-1e400]}"), INVALID));
        cases.add(argumentSet(
                "a number past a double, in the header", withHeader("{\"alg\":\"HS256\",\"x\":1e999}"), INVALID));
        cases.add(argumentSet(
                "an integer past a double", withClaims(SUB, ROLE, EXP, "\"x\":1" + "0".repeat(400)), INVALID));
        cases.add(argumentSet(
                "an integer of 2,000 digits", withClaims(SUB, ROLE, EXP, "\"x\":1" + "0".repeat(2_000)), INVALID));
        cases.add(argumentSet(
                "a number of 1,500 characters",
                withClaims(SUB, ROLE, EXP, "\"x\":0." + "0".repeat(1_497) + "1"),
                INVALID));
        cases.add(argumentSet("a large double", withClaims(SUB, ROLE, EXP, "\"x\":1.7e308"), OK));
        for (int depth = 253; depth <= 256; depth++) {
            // With the claims object around them, 255 levels at most.
            Outcome expected = depth <= 254 ? OK : INVALID;
            cases.add(argumentSet(
                    depth + " nested arrays",
                    withClaims(SUB, ROLE, EXP, "\"x\":" + "[".repeat(depth) + "]".repeat(depth)),
                    expected));
            cases.add(argumentSet(
                    depth + " nested objects",
                    withClaims(SUB, ROLE, EXP, "\"x\":" + "{\"x\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1)),
                    expected));
        }
        cases.add(argumentSet(
                "5,000 nested arrays",
                withClaims(SUB, ROLE, EXP, "\"x\":" + "[".repeat(5_000) + "]".repeat(5_000)),
                INVALID));

        // Size.
        String filler = "{\"alg\":\"HS256\",\"x\":\"";
        for (int size = 19_999; size <= 20_001; size++) {
            cases.add(argumentSet(
                    "a header of " + size + " characters",
                    withHeader(filler + "x".repeat(size - filler.length() - 2) + "\"}"),
                    size <= 20_000 ? OK : INVALID));
        }
        cases.add(argumentSet(
                "a header of 20,000 characters, not ASCII",
                withHeader(filler + "é".repeat(20_000 - filler.length() - 2) + "\"}"),
                OK));
        cases.add(
                argumentSet("a header of 30,000 characters", withHeader(filler + "x".repeat(30_000) + "\"}"), INVALID));
        cases.add(argumentSet(
                "a claim of 200,000 characters",
                withClaims(SUB, ROLE, EXP, "\"x\":\"" + "x".repeat(200_000) + "\""),
                OK));
        cases.add(argumentSet("a million characters of garbage", "x".repeat(1_000_000), INVALID));
        cases.add(argumentSet(
                "three parts of garbage",
                "e".repeat(100_000) + "." + "e".repeat(100_000) + "." + "e".repeat(100_000),
                INVALID));

        // Not a token at all.
        cases.add(argumentSet("null", null, MISSING));
        cases.add(argumentSet("empty", "", MISSING));
        cases.add(argumentSet("blank", " \t", MISSING));
        cases.add(argumentSet("garbage", "garbage", INVALID));
        cases.add(argumentSet("three letters", "a.b.c", INVALID));
        cases.add(argumentSet("dots", "....", INVALID));
        cases.add(argumentSet("a header only", head, INVALID));
        return cases;
    }

    /**
     * Where the two differ, on purpose. Only a holder of the secret can sign these, and nothing
     * here issues them.
     */
    static List<Arguments> differences() {
        return List.of(
                // The shared secret is the only key, so a header naming another is refused rather than parsed.
                argumentSet("jku", withHeader("{\"alg\":\"HS256\",\"jku\":\"https://example.com/keys\"}"), OK, INVALID),
                argumentSet("x5t", withHeader("{\"alg\":\"HS256\",\"x5t\":\"abc\"}"), OK, INVALID),
                argumentSet("x5c empty", withHeader("{\"alg\":\"HS256\",\"x5c\":[]}"), OK, INVALID),
                // Gson takes an integer whose leading digits make a multiple of 2^64 for one with a leading zero.
                argumentSet(
                        "an integer Gson misreads",
                        withClaims(SUB, ROLE, EXP, "\"x\":184467440737095516160"),
                        INVALID,
                        OK));
    }

    private static String claims(String... members) {
        return "{" + String.join(",", members) + "}";
    }

    /** The usual claims under another header. */
    private static String withHeader(String header) {
        return hs256(header, claims(SUB, ROLE, EXP));
    }

    /** These claims under the usual header. */
    private static String withClaims(String... members) {
        return hs256(HEADER, claims(members));
    }

    private static String hs256(String header, String claims) {
        return sign("HmacSHA256", SECRET, encode(header) + "." + encode(claims));
    }

    private static String signed(String signingInput) {
        return sign("HmacSHA256", SECRET, signingInput);
    }

    private static String sign(String algorithm, String secret, String signingInput) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Base64url with its padding, for a JSON text whose length makes padding necessary. */
    private static String padded(String json) {
        String text = json;
        while (text.getBytes(StandardCharsets.UTF_8).length % 3 == 0) {
            text = text + " ";
        }
        return Base64.getUrlEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON with spaces after it, so that its Base64url needs no padding. */
    private static String whole(String json) {
        String text = json;
        while (text.getBytes(StandardCharsets.UTF_8).length % 3 != 0) {
            text = text + " ";
        }
        return text;
    }

    private static String standard(String base64url) {
        return base64url.replace('-', '+').replace('_', '/');
    }

    /** A valid token whose signature has a character that the standard alphabet spells differently. */
    private static String signatureWithUrlCharacters() {
        for (int i = 0; ; i++) {
            String token = hs256(HEADER, claims(SUB, ROLE, EXP, "\"n\":" + i));
            String signature = token.substring(token.lastIndexOf('.') + 1);
            if (!signature.equals(standard(signature))) {
                return token;
            }
        }
    }

    /** The 43-character signature with the 2 bits its last character carries beyond the 256 set. */
    private static String unusedBitsSet(String signature) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(signature.charAt(42));
        return signature.substring(0, 42) + alphabet.charAt(last | 0b11);
    }

    /** The part with a character put in after its tenth. */
    private static String inserted(String part, String character) {
        return part.substring(0, 10) + character + part.substring(10);
    }

    /** The part with one character changed to another of the alphabet. */
    private static String flip(String part, int index) {
        char c = part.charAt(index);
        char other = c == 'A' ? 'B' : c == 'B' ? 'C' : (char) (c == 'Q' ? 'R' : c == 'g' ? 'h' : 'A');
        return part.substring(0, index) + other + part.substring(index + 1);
    }
}
