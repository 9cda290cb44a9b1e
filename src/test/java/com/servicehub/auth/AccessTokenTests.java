package com.servicehub.auth;

import static com.servicehub.auth.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestUsers;

/** Every way an access token can be wrong, against a protected endpoint: always 401 problem+json. */
class AccessTokenTests extends IntegrationTest {

    private static final String ME = "/api/v2/users/me";

    @Value("${servicehub.auth.jwt-secret}")
    String secret;

    @Test
    void aTokenMintedLikeTheServiceIsAccepted() throws Exception {
        TestUsers.Session session = users.customer();

        TestApi.Response me = api.get(ME, hs256(claims(session.id(), "customer")));

        assertThat(me.status()).as(me.raw()).isEqualTo(200);
        assertThat(me.text("id")).isEqualTo(session.id().toString());
    }

    @Test
    void expiredTokenIsRefusedAndSaysSo() throws Exception {
        TestUsers.Session session = users.customer();
        Instant past = Instant.now().minusSeconds(60);
        String token = hs256(claims(
                session.id(),
                "customer",
                claims -> claims.issueTime(Date.from(past.minusSeconds(900))).expirationTime(Date.from(past))));

        TestApi.Response response = refused(token);

        assertThat(response.text("detail")).containsIgnoringCase("expired");
    }

    @Test
    void aTokenNotValidYetIsRefusedAndOneNowValidIsAccepted() throws Exception {
        TestUsers.Session session = users.customer();
        Instant now = Instant.now();

        TestApi.Response early = refused(hs256(
                claims(session.id(), "customer", claims -> claims.notBeforeTime(Date.from(now.plusSeconds(300))))));
        TestApi.Response valid = api.get(
                ME,
                hs256(claims(
                        session.id(), "customer", claims -> claims.notBeforeTime(Date.from(now.minusSeconds(60))))));

        assertThat(early.text("detail")).doesNotContainIgnoringCase("expired");
        assertThat(valid.status()).as(valid.raw()).isEqualTo(200);
    }

    @Test
    void badSignatureIsRefused() throws Exception {
        UUID user = users.customer().id();
        String otherSecret = "another-secret-that-is-long-enough-for-hs256-0123";
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(user, "customer"));
        jwt.sign(new MACSigner(otherSecret.getBytes(StandardCharsets.UTF_8)));
        refused(jwt.serialize());

        String good = hs256(claims(user, "customer"));
        String[] parts = good.split("\\.");
        String tamperedPayload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims(user, "admin").toString().getBytes(StandardCharsets.UTF_8));
        refused(parts[0] + "." + tamperedPayload + "." + parts[2]);
        refused(parts[0] + "." + parts[1] + ".");
        refused(parts[0] + "." + parts[1]);
    }

    @Test
    void algNoneIsRefused() throws Exception {
        UUID user = users.admin().id();
        String unsigned = new PlainJWT(claims(user, "admin")).serialize();
        refused(unsigned);

        String[] parts = hs256(claims(user, "admin")).split("\\.");
        refused(encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2]);
        refused(encode("{\"alg\":\"None\"}") + "." + parts[1] + ".");
    }

    @Test
    void anotherAlgorithmIsRefusedEvenWithTheRightSecret() throws Exception {
        UUID user = users.customer().id();
        JWTClaimsSet claims = claims(user, "customer");

        refused(hmacWithSecret("HS512", "HmacSHA512", claims));
        refused(hmacWithSecret("HS384", "HmacSHA384", claims));

        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        SignedJWT rs256 = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(), claims);
        rs256.sign(new RSASSASigner(rsa));
        refused(rs256.serialize());

        // The classic confusion: an RS256 header, but the body MACed with the shared secret.
        refused(hmacWithSecret("RS256", "HmacSHA256", claims));
    }

    @Test
    void everyRequiredClaimMustBeThere() throws Exception {
        UUID user = users.customer().id();
        refused(hs256(claims(user, "customer", claims -> claims.subject(null))));
        refused(hs256(claims(user, "customer", claims -> claims.claim("role", null))));
        refused(hs256(claims(user, "customer", claims -> claims.expirationTime(null))));
    }

    @Test
    void subMustBeAUserId() throws Exception {
        refused(hs256(claims(null, "customer", claims -> claims.subject("+966500000001"))));
        refused(hs256(claims(null, "customer", claims -> claims.subject("admin"))));
        refused(hs256(claims(null, "customer", claims -> claims.subject("1-1-1-1-1"))));
        refused(hs256(claims(null, "customer", claims -> claims.subject(""))));
    }

    @Test
    void roleMustBeKnown() throws Exception {
        UUID user = users.customer().id();
        refused(hs256(claims(user, "superuser")));
        refused(hs256(claims(user, "ADMIN")));
        refused(hs256(claims(user, "")));
        refused(hs256(claims(user, "customer", claims -> claims.claim("role", 1))));
        refused(hs256(claims(user, "customer", claims -> claims.claim("role", java.util.List.of("admin")))));
    }

    @Test
    void garbageIsRefused() {
        for (String token :
                new String[] {"garbage", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9", "Bearer x", "%%%", "x".repeat(4_000)
                }) {
            refused(token);
        }
        TestApi.Response basic = api.sendRaw("GET", ME, null, null, null);
        assertProblem(basic, 401);
    }

    @Test
    void aBadTokenDoesNotStopTheAuthEndpoints() throws Exception {
        TestUsers.Session session = users.customer();
        Instant past = Instant.now().minusSeconds(60);
        String expired = hs256(claims(session.id(), "customer", claims -> claims.expirationTime(Date.from(past))));

        TestApi.Response refreshed =
                api.post("/api/v2/auth/refresh", expired, TestApi.body("refreshToken", session.refreshToken()));
        assertThat(refreshed.status()).as(refreshed.raw()).isEqualTo(200);

        TestApi.Response login = api.post(
                "/api/v2/auth/login",
                "garbage",
                TestApi.body("phone", session.phone(), "password", TestUsers.PASSWORD));
        assertThat(login.status()).as(login.raw()).isEqualTo(200);
    }

    @Test
    void theWebSocketEndpointIsLeftToCheckItsOwnToken() {
        for (String token : new String[] {null, "garbage"}) {
            TestApi.Response response = api.get("/ws", token);
            assertThat(response.status()).as(response.raw()).isNotIn(401, 403);
        }
    }

    private TestApi.Response refused(String token) {
        TestApi.Response response = api.get(ME, token);
        assertProblem(response, 401);
        assertThat(response.header("WWW-Authenticate")).as(token).startsWith("Bearer");
        return response;
    }

    private String hs256(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private String hmacWithSecret(String alg, String javaAlgorithm, JWTClaimsSet claims) throws Exception {
        String signingInput = encode("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + encode(claims.toString());
        Mac mac = Mac.getInstance(javaAlgorithm);
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), javaAlgorithm));
        byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JWTClaimsSet claims(UUID user, String role) {
        return claims(user, role, claims -> {});
    }

    private static JWTClaimsSet claims(UUID user, String role, Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .subject(user == null ? null : user.toString())
                .claim("role", role)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString());
        change.accept(builder);
        return builder.build();
    }
}
