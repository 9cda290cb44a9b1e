package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;

/**
 * Apps keep one HTTP/1.1 connection open and send request after request on it. Every request
 * must be answered: Reactor Netty 1.3.6 could stop reading such a connection when a request
 * arrived before the previous exchange had fully ended, leaving the app waiting for good (seen
 * here within a few hundred requests).
 */
class KeepAliveTests extends IntegrationTest {

    private static final int REQUESTS = 2_000;

    @Test
    void answersEveryRequestOnOneKeepAliveConnection() throws IOException {
        String[] paths = {"/actuator/health/liveness", "/api/v2/users/me"};
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < REQUESTS; i++) {
                String path = paths[i % paths.length];
                out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                int status = readResponse(in, i);
                assertThat(status).as("answer %d (%s)", i, path).isIn(200, 401);
            }
        }
    }

    /** Reads one response with a Content-Length body; a read timeout fails the test. */
    private static int readResponse(InputStream in, int index) throws IOException {
        String head = readHead(in);
        assertThat(head).as("answer %d", index).startsWith("HTTP/1.1 ");
        int status = Integer.parseInt(head.substring(9, 12));
        int length = 0;
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            }
            assertThat(lower).as("answer %d keeps the connection", index).doesNotStartWith("connection: close");
        }
        in.readNBytes(length);
        return status;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes");
            }
            head.write(next);
            matched = next == "\r\n\r\n".charAt(matched) ? matched + 1 : next == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
