package com.servicehub.auth;

import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;
import com.servicehub.realtime.ClusterNodes;

/**
 * The login throttle's per-address count reads {@code X-Forwarded-For} only from a trusted proxy
 * ({@code TRUSTED_PROXIES}). These tests connect from 127.0.0.1: one node trusts it as its proxy,
 * the other trusts nobody, as when clients connect directly.
 */
class ForwardedAddressTests {

    private static final String LOGIN = "/api/v2/auth/login";
    private static final int PER_ADDRESS = 3;

    static ClusterNodes behindProxy;
    static ClusterNodes direct;

    @BeforeAll
    static void startNodes() {
        Map<String, Object> tightAddressLimit =
                Map.of("servicehub.auth.throttle.max-failures-per-address", PER_ADDRESS);
        behindProxy = ClusterNodes.startAlone(
                with(tightAddressLimit, "servicehub.web.trusted-proxies", "127.0.0.1/32,10.0.0.0/8"));
        direct = ClusterNodes.startAlone(tightAddressLimit);
    }

    @AfterAll
    static void stopNodes() {
        behindProxy.close();
        direct.close();
    }

    @Test
    void behindATrustedProxyEachForwardedClientIsCountedApart() {
        TestApi api = new TestApi(behindProxy.port(0));
        String client = "203.0.113." + (1 + (int) (Math.random() * 200));
        failLogins(api, client, PER_ADDRESS);

        assertThat(login(api, client).status())
                .as("this client is over its limit")
                .isEqualTo(429);
        assertThat(login(api, "198.51.100.7").status())
                .as("another client behind the same proxy")
                .isEqualTo(401);
    }

    @Test
    void aClientCannotEscapeByPrependingAddressesOfItsOwn() {
        TestApi api = new TestApi(behindProxy.port(0));
        String client = "203.0.113." + (1 + (int) (Math.random() * 200));
        // The proxy appends the address it saw; what the client wrote is to the left of it.
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertThat(login(api, "192.0.2." + i + ", " + client).status()).isEqualTo(401);
        }

        assertThat(login(api, "192.0.2.99, " + client).status()).isEqualTo(429);
        assertThat(login(api, client + ", 10.1.2.3").status())
                .as("a second trusted proxy in the chain is skipped")
                .isEqualTo(429);
    }

    @Test
    void fromAPeerThatIsNoTrustedProxyTheHeaderIsIgnored() {
        TestApi api = new TestApi(direct.port(0));
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertThat(login(api, "203.0.113." + i).status()).isEqualTo(401);
        }

        assertThat(login(api, "198.51.100.250").status())
                .as("a new forwarded address does not reset the count")
                .isEqualTo(429);
    }

    private static void failLogins(TestApi api, String forwardedFor, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(login(api, forwardedFor).status()).isEqualTo(401);
        }
    }

    private static TestApi.Response login(TestApi api, String forwardedFor) {
        return api.sendWith(
                "POST",
                LOGIN,
                null,
                Map.of("X-Forwarded-For", forwardedFor),
                body("phone", TestUsers.randomPhone(), "password", "wrong-password"));
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> all = new java.util.HashMap<>(base);
        all.put(key, value);
        return all;
    }
}
