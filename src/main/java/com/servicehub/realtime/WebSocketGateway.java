package com.servicehub.realtime;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.servicehub.auth.AccessTokens;
import com.servicehub.auth.InvalidAccessTokenException;
import com.servicehub.auth.VerifiedToken;
import com.servicehub.system.AllowedOrigins;
import com.servicehub.system.Timestamps;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * Accepts WebSocket upgrades at {@code /ws}: checks the origin, finds the token (query
 * parameter, {@code bearer} subprotocol pair, or {@code Authorization} header), verifies it
 * without the database, and hands the connection to the {@link FrameHandler}. A bad token still
 * completes the upgrade and is then closed with 1008, so browsers can read the reason.
 *
 * <p>The request URI is never logged: it may carry the token.
 */
@Component
class WebSocketGateway implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebSocketGateway.class);
    private static final String BEARER = "bearer";

    private final AccessTokens tokens;
    private final Hub hub;
    private final FrameHandler frames;
    private final RealtimeMetrics metrics;
    private final RealtimeProperties properties;
    private final AllowedOrigins origins;
    private final String nodeId;
    private final ApplicationEventPublisher events;
    private final ConnectionLimits limits;
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean running;

    WebSocketGateway(
            AccessTokens tokens,
            Hub hub,
            FrameHandler frames,
            RealtimeMetrics metrics,
            RealtimeProperties properties,
            AllowedOrigins origins,
            NodeId nodeId,
            ApplicationEventPublisher events) {
        this.tokens = tokens;
        this.hub = hub;
        this.frames = frames;
        this.metrics = metrics;
        this.properties = properties;
        this.origins = origins;
        this.nodeId = nodeId.value();
        this.events = events;
        this.limits = new ConnectionLimits(properties.maxConnectionsPerUser(), properties.maxConnectionsPerAddress());
    }

    Publisher<Void> handshake(HttpServerRequest request, HttpServerResponse response) {
        if (!request.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            return response.status(HttpResponseStatus.UPGRADE_REQUIRED)
                    .header(HttpHeaderNames.UPGRADE, "websocket")
                    .sendString(Mono.just("WebSocket upgrade required"))
                    .then();
        }
        if (!origins.allows(request.requestHeaders().get(HttpHeaderNames.ORIGIN))) {
            metrics.authenticationFailed("forbidden_origin");
            return response.status(HttpResponseStatus.FORBIDDEN).send();
        }
        List<String> offered = offeredSubprotocols(request);
        String token = firstNonBlank(queryToken(request), subprotocolToken(offered), headerToken(request));
        WebsocketServerSpec.Builder spec = WebsocketServerSpec.builder()
                .maxFramePayloadLength(properties.maxFrameBytes())
                .handlePing(false);
        if (offered.contains(BEARER)) {
            spec.protocols(BEARER);
        }
        HttpHeaders requestHeaders = request.requestHeaders();
        HttpHeaders responseHeaders = response.responseHeaders();
        String address = clientAddress(request);
        return response.sendWebsocket(
                (in, out) -> {
                    // The upgrade is done and nothing reads these again, but the connection would keep
                    // them (and the token in them) for its whole life: about a kilobyte per connection.
                    requestHeaders.clear();
                    responseHeaders.clear();
                    return open(in, out, token, address);
                },
                spec.build());
    }

    /** The client's address as the server sees it (forwarded headers count only where they are trusted). */
    private static String clientAddress(HttpServerRequest request) {
        InetSocketAddress remote = request.remoteAddress();
        if (remote == null) {
            return null;
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    private Publisher<Void> open(WebsocketInbound in, WebsocketOutbound out, String token, String address) {
        Channel[] channel = new Channel[1];
        in.withConnection(connection -> channel[0] = connection.channel());
        VerifiedToken verified;
        try {
            if (!running) {
                refuse(channel[0], CloseCodes.GOING_AWAY, "server shutting down");
                return in.receive().then();
            }
            verified = tokens.verify(token);
        } catch (InvalidAccessTokenException ex) {
            metrics.authenticationFailed(
                    token == null || token.isBlank() ? "missing" : ex.expired() ? "expired" : "invalid");
            refuse(
                    channel[0],
                    CloseCodes.POLICY_VIOLATION,
                    ex.expired() ? CloseCodes.TOKEN_EXPIRED : CloseCodes.INVALID_TOKEN);
            return in.receive().then();
        }
        ConnectionLimits.Refusal refusal = limits.acquire(verified.user().id(), address);
        if (refusal != null) {
            metrics.authenticationFailed(refusal.label);
            refuse(channel[0], CloseCodes.POLICY_VIOLATION, CloseCodes.TOO_MANY_CONNECTIONS);
            return in.receive().then();
        }
        long now = System.nanoTime();
        Connection connection = new Connection(
                ids.incrementAndGet(),
                channel[0],
                verified.user(),
                verified.expiresAt().toEpochMilli(),
                frames.newRateLimiter(now),
                now);
        connection.lastPingNanos =
                now - firstPingOffset(properties.pingInterval().toNanos());
        connection.maxBacklogBytes = properties.backlogBytes();
        hub.register(connection);
        metrics.connectionOpened();
        log.info(
                "ws open conn={} user={} role={} node={}",
                connection.id,
                verified.user().id(),
                verified.user().role().value(),
                nodeId);
        in.receiveCloseStatus().subscribe(status -> connection.clientCloseCode = status.code());
        UUID user = verified.user().id();
        channel[0].closeFuture().addListener(future -> {
            limits.release(user, address);
            closed(connection);
        });
        hub.sendDirect(connection, new ServerFrame.Connected(verified.user().id(), Timestamps.now()));
        return frames.handle(connection, in);
    }

    /**
     * How much earlier than now the connection counts as last pinged, so that its first ping falls
     * due at a random point within one interval. Connections that open together (every app
     * reconnecting after a deploy or a network blip) then spread their pings, and the pongs, over
     * the interval instead of arriving as one burst every interval for the rest of their lives.
     */
    static long firstPingOffset(long pingIntervalNanos) {
        return pingIntervalNanos <= 1 ? 0 : ThreadLocalRandom.current().nextLong(pingIntervalNanos);
    }

    private void closed(Connection connection) {
        int rooms = connection.roomCount();
        hub.unregister(connection);
        boolean byServer = connection.closeCode != 0;
        // No close frame from either side means the connection was cut (1006).
        int code =
                byServer ? connection.closeCode : connection.clientCloseCode != 0 ? connection.clientCloseCode : 1006;
        String initiator = byServer ? "server" : "client";
        metrics.connectionClosed(code, initiator);
        log.info(
                "ws close conn={} user={} node={} code={} by={} durationMs={} rooms={}",
                connection.id,
                connection.userId(),
                nodeId,
                code,
                initiator,
                (System.nanoTime() - connection.openedAtNanos) / 1_000_000,
                rooms);
    }

    private static void refuse(Channel channel, int code, String reason) {
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
    }

    private static String queryToken(HttpServerRequest request) {
        Map<String, List<String>> parameters = new QueryStringDecoder(request.uri()).parameters();
        List<String> values = parameters.get("token");
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static List<String> offeredSubprotocols(HttpServerRequest request) {
        String header = request.requestHeaders().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        if (header == null || header.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(header.split(","))
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .toList();
    }

    /** {@code new WebSocket(url, ["bearer", token])}: the token is the protocol after "bearer". */
    private static String subprotocolToken(List<String> offered) {
        int bearer = offered.indexOf(BEARER);
        return bearer >= 0 && bearer + 1 < offered.size() ? offered.get(bearer + 1) : null;
    }

    private static String headerToken(HttpServerRequest request) {
        String header = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return null;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    // lifecycle: on shutdown the node first reports itself unready, so the load balancer sends new
    // sockets elsewhere, then tells its connections 1001 in timed batches, so the nodes that stay take
    // the reconnects spread out (Phoenix closes 10,000 per 2 s the same way)

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        if (!pause(properties.shutdownDrain().toMillis())) {
            return;
        }
        // From here a handshake that raced the stop is closed with 1001 as soon as it is upgraded.
        running = false;
        List<Connection> open = new ArrayList<>(hub.connections());
        int batch = Math.max(1, properties.shutdownBatchSize());
        for (int from = 0; from < open.size(); from += batch) {
            if (from > 0 && !pause(properties.shutdownBatchInterval().toMillis())) {
                return;
            }
            for (Connection connection : open.subList(from, Math.min(open.size(), from + batch))) {
                connection.close(CloseCodes.GOING_AWAY, "server shutting down", properties.closeGrace());
            }
        }
        // Any that opened while the stop began (closing twice is harmless).
        hub.forEachConnection(
                connection -> connection.close(CloseCodes.GOING_AWAY, "server shutting down", properties.closeGrace()));
        if (!open.isEmpty()) {
            log.info("Closed {} WebSocket connections for shutdown in batches of {}", open.size(), batch);
        }
        long deadline = System.currentTimeMillis() + properties.closeGrace().toMillis();
        while (hub.connectionCount() > 0 && System.currentTimeMillis() < deadline) {
            if (!pause(20)) {
                return;
            }
        }
    }

    private static boolean pause(long millis) {
        if (millis <= 0) {
            return true;
        }
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server starts its graceful shutdown. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
