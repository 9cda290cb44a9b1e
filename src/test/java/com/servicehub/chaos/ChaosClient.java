package com.servicehub.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One app's socket: joins its rooms, records every event it receives per room, and when the
 * connection ends reconnects to the next node and rejoins every room with {@code since} where it
 * left off, as the contract tells apps to. It records the signals that tell it it missed
 * something: {@code joined_room} with {@code recovered:false}, an event of another epoch, an
 * offset that skips.
 */
final class ChaosClient implements WebSocket.Listener {

    /** An event as received: its identity, its position, when it arrived. */
    record Received(String key, long offset, String epoch, long atNanos) {}

    /** What the client knows of one room. */
    static final class RoomState {
        final List<Received> received = new ArrayList<>();
        /** When the client was told (or could tell) that it missed events of the room. */
        final List<Long> gapSignals = new ArrayList<>();

        long offset = -1;
        String epoch;
        int joins;
        int recoveredTrue;
    }

    final int id;
    final List<String> rooms;
    final Map<String, RoomState> state = new LinkedHashMap<>();
    private final String token;
    private final Supplier<List<String>> wsUrls;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile int node;
    private volatile boolean stopped;
    private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);
    volatile int connects;
    volatile long lastDisconnectNanos;
    volatile int closeCodeSeen;
    final Map<Integer, Integer> closeCodes = new java.util.concurrent.ConcurrentHashMap<>();

    ChaosClient(
            int id,
            List<String> rooms,
            String token,
            int node,
            Supplier<List<String>> wsUrls,
            HttpClient http,
            ScheduledExecutorService timer) {
        this.id = id;
        this.rooms = rooms;
        this.token = token;
        this.node = node;
        this.wsUrls = wsUrls;
        this.http = http;
        this.timer = timer;
        rooms.forEach(room -> state.put(room, new RoomState()));
    }

    int node() {
        return node;
    }

    boolean open() {
        return socket != null && !socket.isOutputClosed() && !socket.isInputClosed();
    }

    /** Every room joined (a joined_room for each since the last connect). */
    synchronized boolean joinedAll() {
        return state.values().stream().allMatch(room -> room.joins > 0);
    }

    CompletableFuture<Void> connect() {
        List<String> urls = wsUrls.get();
        String url = urls.get(Math.floorMod(node, urls.size())) + "?token=" + token;
        return http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url), this)
                .handle((ws, failure) -> {
                    if (failure != null) {
                        retryLater();
                    }
                    return null;
                });
    }

    private void retryLater() {
        if (stopped) {
            return;
        }
        node++;
        timer.schedule(this::connect, 250, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        connects++;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            frame(webSocket, ChaosRest.JSON.readTree(text));
        }
        webSocket.request(1);
        return null;
    }

    private void frame(WebSocket webSocket, JsonNode frame) {
        long now = System.nanoTime();
        String type = frame.path("type").asString();
        switch (type) {
            case "connected" -> rejoin(webSocket);
            case "joined_room" -> joined(frame, now);
            case "status_update" ->
                event(
                        frame,
                        "s:" + frame.path("bookingId").asString() + ":"
                                + frame.path("status").asString(),
                        now);
            case "message" ->
                event(frame, "m:" + frame.path("message").path("id").asString(), now);
            default -> {}
        }
    }

    private synchronized void rejoin(WebSocket webSocket) {
        for (Map.Entry<String, RoomState> entry : state.entrySet()) {
            ObjectNode join =
                    ChaosRest.JSON.createObjectNode().put("type", "join").put("room", entry.getKey());
            RoomState room = entry.getValue();
            if (room.epoch != null) {
                join.putObject("since").put("offset", room.offset).put("epoch", room.epoch);
            }
            send(webSocket, join.toString());
        }
    }

    private void send(WebSocket webSocket, String text) {
        sends = sends.handle((ignored, failure) -> null).thenCompose(ignored -> webSocket.sendText(text, true));
    }

    private synchronized void joined(JsonNode frame, long now) {
        RoomState room = state.get(frame.path("room").asString());
        if (room == null) {
            return;
        }
        room.joins++;
        boolean recovered = frame.path("recovered").asBoolean(false);
        if (recovered) {
            room.recoveredTrue++;
            return;
        }
        if (room.epoch != null) {
            // Not recovered: the app reloads the room's state over REST from here.
            room.gapSignals.add(now);
        }
        room.offset = frame.path("offset").asLong(-1);
        room.epoch = frame.path("epoch").isString() ? frame.path("epoch").asString() : null;
    }

    private synchronized void event(JsonNode frame, String key, long now) {
        RoomState room = state.get(frame.path("room").asString());
        if (room == null) {
            return;
        }
        long offset = frame.path("offset").asLong(-1);
        String epoch = frame.path("epoch").isString() ? frame.path("epoch").asString() : null;
        if (room.epoch != null && epoch != null && (!room.epoch.equals(epoch) || offset > room.offset + 1)) {
            // Another epoch, or an offset that skips: the app can tell it missed something.
            room.gapSignals.add(now);
        }
        room.received.add(new Received(key, offset, epoch, now));
        if (epoch != null && (!epoch.equals(room.epoch) || offset > room.offset)) {
            room.offset = offset;
            room.epoch = epoch;
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCodes.merge(statusCode, 1, Integer::sum);
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(ignored -> null);
        disconnected(webSocket);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCodes.merge(1006, 1, Integer::sum);
        disconnected(webSocket);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    private void disconnected(WebSocket webSocket) {
        if (socket != webSocket) {
            return;
        }
        lastDisconnectNanos = System.nanoTime();
        synchronized (this) {
            partial.setLength(0);
        }
        socket = null;
        if (!stopped) {
            node++;
            timer.schedule(this::connect, 100 + (id % 10) * 20L, TimeUnit.MILLISECONDS);
        }
    }

    void stop() {
        stopped = true;
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }
}
