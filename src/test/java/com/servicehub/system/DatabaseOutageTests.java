package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.servicehub.TestApi;
import com.servicehub.TestBookings;
import com.servicehub.TestUsers;
import com.servicehub.TestUsers.Session;
import com.servicehub.realtime.ClusterNodes;
import com.servicehub.realtime.TcpProxy;

/**
 * A node whose database is out of reach (a restart, a partition) answers REST calls with 503 and
 * {@code Retry-After}, a problem an app can retry, not a 500; and serves them again by itself once
 * the database is back. The node reaches PostgreSQL through a relay the test cuts.
 */
class DatabaseOutageTests {

    @Test
    void callsThatCannotReachTheDatabaseAreAnswered503AndServedAgainOnceItIsBack() {
        try (TcpProxy link = TcpProxy.to(5432);
                ClusterNodes node = ClusterNodes.startAlone(Map.of(
                        "spring.datasource.url",
                        "jdbc:postgresql://127.0.0.1:" + link.port() + "/test",
                        "spring.datasource.hikari.connection-timeout",
                        1500))) {
            TestApi api = new TestApi(node.port(0), Duration.ofSeconds(20));
            TestUsers users = new TestUsers(api);
            Session customer = users.customer();
            assertThat(api.get("/api/v2/bookings", customer.accessToken()).status())
                    .isEqualTo(200);

            link.cut();
            TestApi.Response read = api.get("/api/v2/bookings", customer.accessToken());
            assertThat(read.status()).as(read.raw()).isEqualTo(503);
            assertThat(read.header("Retry-After")).isNotBlank();
            assertThat(read.body().path("detail").asString()).contains("database");
            TestApi.Response write = api.post("/api/v2/bookings", customer.accessToken(), TestBookings.validBooking());
            assertThat(write.status()).as(write.raw()).isEqualTo(503);

            link.mend();
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() ->
                            api.get("/api/v2/bookings", customer.accessToken()).status() == 200);
        }
    }
}
