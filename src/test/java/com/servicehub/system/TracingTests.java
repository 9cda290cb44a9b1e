package com.servicehub.system;

import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;
import com.servicehub.TestUsers.Session;
import com.servicehub.realtime.ClusterNodes;
import com.servicehub.realtime.TestSocket;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * A REST status change is one trace: the request, the publish after the commit, and the delivery
 * to the room's sockets on this node; the request's log lines carry its trace id.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingTests {

    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    static ClusterNodes node;

    /** Where the node's spans go instead of an OTLP collector. */
    static class Spans {

        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return SPANS;
        }
    }

    @BeforeAll
    static void start() {
        node = ClusterNodes.start("", 1, Map.of("management.tracing.sampling.probability", "1.0"), Spans.class);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aStatusChangeIsOneTraceFromTheRequestToTheSocketsAndItsLogLinesNameIt(CapturedOutput output) {
        TestApi api = new TestApi(node.port(0));
        TestUsers users = new TestUsers(api);
        Session customer = users.customer();
        Session admin = users.admin();
        TestApi.Response created = api.post(
                "/api/v2/bookings",
                customer.accessToken(),
                body(
                        "serviceType",
                        "Cleaning",
                        "address",
                        "3 Tahlia St",
                        "scheduledAt",
                        Instant.now().plus(1, ChronoUnit.DAYS).toString()));
        String booking = created.text("id");
        try (TestSocket socket = TestSocket.connected(node.port(0), customer.accessToken())) {
            assertThat(socket.join("booking:" + booking).path("type").asString())
                    .isEqualTo("joined_room");
            SPANS.reset();
            TestApi.Response changed = api.patch(
                    "/api/v2/bookings/" + booking + "/status", admin.accessToken(), body("status", "confirmed"));
            assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
            assertThat(socket.nextOfType("status_update").path("status").asString())
                    .isEqualTo("confirmed");
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<SpanData> spans = SPANS.getFinishedSpanItems();
            SpanData request =
                    find(spans, "http patch").orElseThrow(() -> new AssertionError("no request span: " + spans));
            SpanData publish =
                    find(spans, "publish booking:status").orElseThrow(() -> new AssertionError(spans.toString()));
            List<SpanData> deliveries = spans.stream()
                    .filter(span -> span.getName().startsWith("deliver "))
                    .toList();
            assertThat(publish.getTraceId()).isEqualTo(request.getTraceId());
            // Only the room with a member here is delivered to (the customer's user room has none).
            assertThat(deliveries).extracting(SpanData::getName).containsExactly("deliver booking:" + booking);
            assertThat(deliveries)
                    .allMatch(span -> span.getTraceId().equals(request.getTraceId())
                            && span.getParentSpanId().equals(publish.getSpanId()));
            assertThat(output.getAll()
                            .lines()
                            .filter(line -> line.contains("booking " + booking + " status pending -> confirmed")))
                    .singleElement()
                    .asString()
                    .contains(request.getTraceId());
        });
    }

    private static Optional<SpanData> find(List<SpanData> spans, String prefix) {
        return spans.stream()
                .filter(span -> span.getName().toLowerCase().startsWith(prefix))
                .findFirst();
    }
}
