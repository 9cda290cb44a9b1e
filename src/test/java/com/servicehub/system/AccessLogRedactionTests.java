package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;
import com.servicehub.realtime.ClusterNodes;
import com.servicehub.realtime.TestSocket;

/**
 * What the access log prints for requests that carry a secret in a spelling the old pattern
 * missed: percent-encoded names, matrix parameters, other cases, {@code ;} as the separator.
 * The integration test reads a real node's log output; the table checks the rule on its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class AccessLogRedactionTests {

    @Test
    void secretsInEverySpellingStayOutOfTheRealAccessLog(CapturedOutput output) {
        try (ClusterNodes node = ClusterNodes.startAlone(Map.of("servicehub.access-log.enabled", true))) {
            int port = node.port(0);
            TestApi api = new TestApi(port);
            TestUsers.Session session = new TestUsers(api).customer();
            String token = session.accessToken();

            // The gateway decodes the query's names, so this is a working token parameter (an
            // upgrade itself gets no access-log line).
            try (TestSocket socket = TestSocket.open(
                    URI.create("ws://127.0.0.1:" + port + "/ws?%74oken=" + token), Map.of(), List.of())) {
                assertThat(socket.nextOfType("connected").get("userId").asString())
                        .isEqualTo(session.id().toString());
            }
            String marker = UUID.randomUUID().toString();
            List<String> secrets = List.of(
                    "/api/v2/users/me;token=" + secret(1) + "?m=" + marker,
                    "/api/v2/users/me?m=" + marker + ";token=" + secret(2),
                    "/api/v2/users/me?m=" + marker + "&TOKEN=" + secret(3),
                    "/api/v2/users/me?m=" + marker + "&access%5Ftoken=" + secret(4),
                    "/api/v2/users/me?m=" + marker + "&%2574oken=" + secret(5),
                    "/api/v2/users/me?m=" + marker + "&Pass%77ord=" + secret(6),
                    "/api/v2/users/me?m=" + marker + "&refresh_token=" + secret(7) + "#frag");
            for (String path : secrets) {
                api.get(path, token);
            }

            // A request to /ws that is not an upgrade is logged like any other.
            api.get("/ws?%74oken=" + token + "&m=" + marker, null);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> output.getAll().split("m=" + marker, -1).length - 1 > secrets.size());
            assertThat(output.getAll())
                    .contains("/ws?%74oken=[redacted]")
                    .contains(";token=[redacted]")
                    .contains("&TOKEN=[redacted]")
                    .contains("&Pass%77ord=[redacted]");
            assertThat(output.getAll()).doesNotContain(token);
            for (int i = 1; i <= secrets.size(); i++) {
                assertThat(output.getAll()).doesNotContain(secret(i));
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /ws?token=abc                          | /ws?token=[redacted]
            /ws?%74oken=abc                        | /ws?%74oken=[redacted]
            /ws?%2574oken=abc                      | /ws?%2574oken=[redacted]
            /ws?ToKeN=abc&x=1                      | /ws?ToKeN=[redacted]&x=1
            /ws?x=1;token=abc;y=2                  | /ws?x=1;token=[redacted];y=2
            /ws;token=abc                          | /ws;token=[redacted]
            /ws;token=abc/more;v=1?q=2             | /ws;token=[redacted]/more;v=1?q=2
            /a?access_token=abc                    | /a?access_token=[redacted]
            /a?access%5Ftoken=abc                  | /a?access%5Ftoken=[redacted]
            /a?password=abc&b=c                    | /a?password=[redacted]&b=c
            /a?%50ASSWORD=abc                      | /a?%50ASSWORD=[redacted]
            /a?client_secret=abc                   | /a?client_secret=[redacted]
            /a?token=abc=def&b=c                   | /a?token=[redacted]&b=c
            /a?token=abc#frag                      | /a?token=[redacted]#frag
            /a?%25252574oken=abc                   | /a?%25252574oken=[redacted]
            /a?tok%65n=abc%26token%3Dx             | /a?tok%65n=[redacted]
            /api/v2/bookings?page=1&size=20        | /api/v2/bookings?page=1&size=20
            /api/v2/bookings/token-of-no-one       | /api/v2/bookings/token-of-no-one
            /a?token                               | /a?token
            /a?&&=x&50%=y                          | /a?&&=x&50%=y
            """)
    void redactsTheValueOfEverySecretParameter(String uri, String logged) {
        assertThat(AccessLogConfiguration.redact(uri)).isEqualTo(logged);
    }

    @Test
    void aMissingUriIsADash() {
        assertThat(AccessLogConfiguration.redact(null)).isEqualTo("-");
    }

    private static String secret(int i) {
        return "leak" + i + "x" + Long.toHexString(Double.doubleToLongBits(Math.PI * i));
    }
}
