package com.servicehub.realtime;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written against RFC 6455 by hand, so a test can send what no well-behaved
 * library would: fragments, reserved bits, unmasked or oversized control frames, invalid UTF-8.
 * Writes are whole frames; reads return one server frame at a time.
 */
final class RawWebSocket implements AutoCloseable {

    static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

    /** A frame from the server. */
    record Frame(boolean fin, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame (1005 when it has none). */
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    final String handshakeResponse;

    private RawWebSocket(Socket socket, String handshakeResponse, InputStream in) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(in);
        this.handshakeResponse = handshakeResponse;
    }

    /** Opens {@code /ws?token=...} with the given extra request header lines (may be empty). */
    static RawWebSocket open(int port, String token, String extraHeaders) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(15_000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET /ws?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n" + extraHeaders + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = new BufferedInputStream(socket.getInputStream(), 65_536);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("closed during the handshake");
            }
            head.write(next);
            matched = next == "\r\n\r\n".charAt(matched) ? matched + 1 : next == '\r' ? 1 : 0;
        }
        String response = head.toString(StandardCharsets.US_ASCII);
        if (!response.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException(
                    "upgrade refused: " + response.lines().findFirst().orElse(""));
        }
        return new RawWebSocket(socket, response, in);
    }

    void text(String text) throws IOException {
        frame(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** One frame: FIN, the three RSV bits, opcode, and a masked (or not) payload. */
    synchronized void frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (opcode & 0xf));
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(maskBit | 127);
            long length = payload.length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (length >>> shift) & 0xff);
            }
        }
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            frame.write(mask, 0, 4);
            byte[] body = payload.clone();
            for (int i = 0; i < body.length; i++) {
                body[i] ^= mask[i & 3];
            }
            frame.write(body, 0, body.length);
        } else {
            frame.write(payload, 0, payload.length);
        }
        out.write(frame.toByteArray());
    }

    void flush() throws IOException {
        out.flush();
    }

    /** The next frame from the server; a read timeout or the end of the stream throws. */
    Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame((first & 0x80) != 0, first & 0xf, payload);
    }

    /** Reads until a close frame and returns its code; -1 when the stream ends without one. */
    int readUntilClose() {
        try {
            while (true) {
                Frame frame = read();
                if (frame.opcode() == CLOSE) {
                    return frame.closeCode();
                }
            }
        } catch (IOException ended) {
            return -1;
        }
    }

    /**
     * The server's first answer: {@code "close <code>"}, {@code "error <code>"}, another frame's
     * type, {@code "cut"} when the connection ends without a close frame, {@code "nothing"} when
     * nothing comes within the read timeout.
     */
    String answer() {
        try {
            Frame frame = read();
            if (frame.opcode() == CLOSE) {
                return "close " + frame.closeCode();
            }
            if (frame.opcode() != TEXT) {
                return "opcode " + frame.opcode();
            }
            String text = frame.text();
            tools.jackson.databind.JsonNode json = com.servicehub.TestApi.JSON.readTree(text);
            String type = json.path("type").asString();
            return type.equals("error") ? "error " + json.path("code").asString() : type;
        } catch (java.net.SocketTimeoutException ex) {
            return "nothing";
        } catch (IOException ex) {
            return "cut";
        }
    }

    void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
