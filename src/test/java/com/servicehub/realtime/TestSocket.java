package com.servicehub.realtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.servicehub.TestApi;

import tools.jackson.databind.JsonNode;

/**
 * A real WebSocket client (the JDK's) that records every frame, as an app would see them.
 * By default it reads eagerly; {@link #pauseReading()} stops it, to play a slow reader.
 */
public final class TestSocket implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** How the connection ended: the close frame's code and reason. */
    public record Close(int code, String reason) {}

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicInteger pings = new AtomicInteger();
    private volatile long firstPingNanos;
    private volatile boolean paused;
    private volatile long readDelayNanos;
    private volatile WebSocket socket;

    private TestSocket() {}

    public static TestSocket connect(int port, String token) {
        return open(
                URI.create("ws://127.0.0.1:" + port + "/ws" + (token == null ? "" : "?token=" + token)),
                Map.of(),
                List.of());
    }

    /** Connects and waits for the {@code connected} frame, as every app does before anything else. */
    /** A socket of {@code user} (a token with {@code role}), past its {@code connected} frame. */
    public static TestSocket connected(int port, java.util.UUID user, String role) {
        return connected(port, TestTokens.valid(user, role));
    }

    public static TestSocket connected(int port, String token) {
        TestSocket socket = connect(port, token);
        socket.nextOfType("connected");
        return socket;
    }

    public static TestSocket open(URI uri, Map<String, String> headers, List<String> subprotocols) {
        TestSocket listener = new TestSocket();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(
                    subprotocols.get(0),
                    subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        listener.socket = builder.buildAsync(uri, listener).join();
        return listener;
    }

    public WebSocket socket() {
        return socket;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(TestApi.JSON.readTree(partial.toString()));
            partial.setLength(0);
        }
        if (!paused) {
            long delay = readDelayNanos;
            if (delay > 0) {
                CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS).execute(() -> webSocket.request(1));
            } else {
                webSocket.request(1);
            }
        }
        return null;
    }

    /** The JDK answers pings by itself; counted so tests can see the server's liveness checks. */
    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        if (pings.incrementAndGet() == 1) {
            firstPingNanos = System.nanoTime();
        }
        webSocket.request(1);
        return null;
    }

    public int pings() {
        return pings.get();
    }

    /** When the first ping arrived ({@link System#nanoTime()}), or 0 before any. */
    public long firstPingNanos() {
        return firstPingNanos;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Close(1006, String.valueOf(error)));
    }

    public void pauseReading() {
        paused = true;
    }

    public void resumeReading() {
        paused = false;
        socket.request(Long.MAX_VALUE / 2);
    }

    /** Reads again, one frame per {@code perFrame}: a client on a slow network catching up. */
    public void resumeReadingSlowly(Duration perFrame) {
        readDelayNanos = perFrame.toNanos();
        paused = false;
        socket.request(1);
    }

    public void send(Object frame) {
        String text = frame instanceof String raw ? raw : TestApi.JSON.writeValueAsString(frame);
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The next frame, or fails after the timeout. */
    public JsonNode next(Duration timeout) {
        try {
            JsonNode frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within " + timeout);
            }
            return frame;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    public JsonNode next() {
        return next(Duration.ofSeconds(5));
    }

    /** Skips frames until one of the given type arrives. */
    public JsonNode nextOfType(String type) {
        return nextMatching(frame -> type.equals(frame.path("type").asString()), Duration.ofSeconds(5));
    }

    public JsonNode nextMatching(Predicate<JsonNode> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            JsonNode frame;
            try {
                frame = frames.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
            if (frame == null) {
                break;
            }
            if (wanted.test(frame)) {
                return frame;
            }
            skipped.add(frame);
        }
        throw new AssertionError("no matching frame within " + timeout + "; saw " + skipped);
    }

    /** Asserts that nothing arrives for a while (for "and on no other room"). */
    public List<JsonNode> drain(Duration quiet) {
        List<JsonNode> seen = new ArrayList<>();
        try {
            JsonNode frame;
            while ((frame = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                seen.add(frame);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return seen;
    }

    public List<JsonNode> received() {
        return new ArrayList<>(frames);
    }

    /** Sends join and returns the answer (joined_room or error). */
    public JsonNode join(String room) {
        send(Map.of("type", "join", "room", room));
        return nextMatching(
                frame -> room.equals(frame.path("room").asString())
                        && ("joined_room".equals(frame.path("type").asString())
                                || "error".equals(frame.path("type").asString())),
                Duration.ofSeconds(5));
    }

    public Close awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception ex) {
            throw new AssertionError("not closed within " + timeout, ex);
        }
    }

    public Close awaitClose() {
        return awaitClose(Duration.ofSeconds(10));
    }

    /** A clean close from the client side (1000), waiting for the server's answer. */
    public Close closeNormally() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        return awaitClose();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.abort();
        }
    }
}
