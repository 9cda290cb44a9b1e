package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;

/**
 * Issue 13, part 4: an HTTP request must never go unanswered. Under load (many requests at once,
 * fresh connections and keep-alive ones, h2c upgrade attempts as the JDK client makes by default,
 * HTTP/2 with prior knowledge, pipelined requests, requests after a refused WebSocket upgrade)
 * every request gets an answer, or its connection is closed: never a wait until the client's
 * timeout. On Reactor Netty 1.3.6 (Boot 4.0.7's own) the keep-alive cases stall
 * ({@code -Dreactor-netty.version=1.3.6} makes this test fail); see docs/reliability.md.
 */
class UnansweredRequestTests extends IntegrationTest {

    private static final int READ_TIMEOUT_MS = 10_000;
    private static final String[] PATHS = {
        "/actuator/health/liveness", "/api/v2/users/me", "/ws", "/api/v2/nothing-here"
    };

    @Test
    void everyRequestIsAnsweredUnderParallelLoadWithH2cUpgradeAttemptsKeepAliveAndFreshConnections() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(24);
        List<String> unanswered = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> work = new ArrayList<>();
        // The JDK client's default: HTTP/2, so every new connection opens with an h2c upgrade.
        HttpClient upgrading =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int worker = 0; worker < 24; worker++) {
            int id = worker;
            work.add(pool.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    String what = "worker " + id + " request " + i;
                    try {
                        switch ((id + i) % 6) {
                            case 0 ->
                                jdkRequest(id % 2 == 0 ? upgrading : HttpClient.newHttpClient(), i, what, unanswered);
                            case 1 -> keepAlive(3, false, what, unanswered);
                            case 2 -> keepAlive(3, true, what, unanswered);
                            case 3 -> h2cUpgradeWithBody(what, unanswered);
                            case 4 -> priorKnowledge(what, unanswered);
                            default -> refusedWebSocketThenRequest(what, unanswered);
                        }
                    } catch (IOException | InterruptedException ex) {
                        unanswered.add(what + ": " + ex);
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(unanswered).as("requests that were never answered").isEmpty();
    }

    private void jdkRequest(HttpClient client, int i, String what, List<String> unanswered)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + PATHS[i % PATHS.length]))
                .timeout(Duration.ofMillis(READ_TIMEOUT_MS));
        if (i % 3 == 0) {
            request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/auth/refresh"))
                    .timeout(Duration.ofMillis(READ_TIMEOUT_MS))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"refreshToken\":\"not-a-token-" + i + "\"}"));
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() < 200) {
                unanswered.add(what + ": status " + response.statusCode());
            }
        } catch (java.net.http.HttpTimeoutException ex) {
            unanswered.add(what + " (JDK client, h2c upgrade): no answer within " + READ_TIMEOUT_MS + " ms");
        }
    }

    /** Several requests on one connection, one after the other or all sent at once (pipelined). */
    private void keepAlive(int count, boolean pipelined, String what, List<String> unanswered) throws IOException {
        try (Socket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < count; i++) {
                String request = "GET " + PATHS[i % PATHS.length] + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
                if (pipelined) {
                    all.append(request);
                } else {
                    out.write(request.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    expectAnswer(in, what + " keep-alive " + i, unanswered);
                }
            }
            if (pipelined) {
                out.write(all.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (int i = 0; i < count; i++) {
                    if (!expectAnswer(in, what + " pipelined " + i, unanswered)) {
                        return;
                    }
                }
            }
        }
    }

    /** An h2c upgrade offer on a POST with a body, then a second request on the same connection. */
    private void h2cUpgradeWithBody(String what, List<String> unanswered) throws IOException {
        try (Socket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String body = "{\"refreshToken\":\"nope\"}";
            out.write(
                    ("POST /api/v2/auth/refresh HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                                    + "Upgrade: h2c\r\nHTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                                    + body)
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Answer first = read(in);
            if (first == null) {
                unanswered.add(what + " h2c upgrade POST: no answer within " + READ_TIMEOUT_MS + " ms");
                return;
            }
            if (first.closed() || first.status() == 101) {
                return; // an answer: the connection ended, or it switched (then it speaks HTTP/2)
            }
            out.write("GET /actuator/health/liveness HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expectAnswer(in, what + " after the h2c upgrade offer", unanswered);
        }
    }

    /** HTTP/2 with prior knowledge, which the service does not speak: refused, or closed, at once. */
    private void priorKnowledge(String what, List<String> unanswered) throws IOException {
        try (Socket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // an empty SETTINGS frame
            out.flush();
            try {
                socket.getInputStream().read();
            } catch (SocketTimeoutException ex) {
                unanswered.add(
                        what + " HTTP/2 prior knowledge: no answer and no close within " + READ_TIMEOUT_MS + " ms");
            } catch (IOException reset) {
                // closed: an answer of sorts
            }
        }
    }

    /** A plain GET of /ws (no upgrade) is refused with 426; the connection then serves the next request. */
    private void refusedWebSocketThenRequest(String what, List<String> unanswered) throws IOException {
        try (Socket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            out.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (!expectAnswer(in, what + " GET /ws with Upgrade: h2c", unanswered)) {
                return;
            }
            out.write("GET /api/v2/users/me HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expectAnswer(in, what + " after /ws", unanswered);
        }
    }

    private Socket socket() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** True when an answer came (and the connection is still open for another). */
    private static boolean expectAnswer(InputStream in, String what, List<String> unanswered) throws IOException {
        Answer answer = read(in);
        if (answer == null) {
            unanswered.add(what + ": no answer within " + READ_TIMEOUT_MS + " ms");
            return false;
        }
        if (answer.closed()) {
            unanswered.add(what + ": connection closed without an answer");
            return false;
        }
        return !answer.connectionClose();
    }

    record Answer(int status, boolean closed, boolean connectionClose) {}

    /** One response (head and body, Content-Length or chunked); null on a read timeout. */
    private static Answer read(InputStream in) throws IOException {
        try {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int next = in.read();
                if (next < 0) {
                    return new Answer(0, true, true);
                }
                head.write(next);
                matched = next == "\r\n\r\n".charAt(matched) ? matched + 1 : next == '\r' ? 1 : 0;
            }
            String text = head.toString(StandardCharsets.US_ASCII);
            int status = Integer.parseInt(text.substring(9, 12));
            long length = 0;
            boolean chunked = false;
            boolean close = false;
            for (String line : text.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                }
                chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
                close |= lower.startsWith("connection:") && lower.contains("close");
            }
            if (status == 101) {
                return new Answer(status, false, true);
            }
            if (chunked) {
                while (true) {
                    String size = line(in);
                    long chunk = Long.parseLong(size.split(";")[0].trim(), 16);
                    in.readNBytes((int) chunk);
                    line(in);
                    if (chunk == 0) {
                        break;
                    }
                }
            } else {
                in.readNBytes((int) length);
            }
            return new Answer(status, false, close);
        } catch (SocketTimeoutException ex) {
            return null;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int next;
        while ((next = in.read()) >= 0 && next != '\n') {
            if (next != '\r') {
                line.append((char) next);
            }
        }
        return line.toString();
    }
}
