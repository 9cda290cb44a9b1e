package com.servicehub.realtime;

import java.util.Optional;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import com.servicehub.auth.AccessTokens;
import com.servicehub.auth.InvalidAccessTokenException;
import com.servicehub.auth.VerifiedToken;
import com.servicehub.system.Timestamps;

import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.websocket.WebsocketInbound;
import tools.jackson.databind.json.JsonMapper;

/**
 * What happens to a connection's frames: decode, apply the limits, delegate to the hub, broker
 * or authorizer, answer. A connection's frames are handled one at a time and in order; only a
 * join leaves the event loop, to check access against the database on a bounded pool.
 */
@Component
class FrameHandler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(FrameHandler.class);

    private static final ClientFrame HANDLED = new ClientFrame.Handled();

    private final Hub hub;
    private final Node node;
    private final RoomAuthorizer authorizer;
    private final AccessTokens tokens;
    private final RealtimeMetrics metrics;
    private final RealtimeProperties properties;
    private final JsonMapper json;
    private final Scheduler joins;

    FrameHandler(
            Hub hub,
            Node node,
            RoomAuthorizer authorizer,
            AccessTokens tokens,
            RealtimeMetrics metrics,
            RealtimeProperties properties,
            JsonMapper json) {
        this.hub = hub;
        this.node = node;
        this.authorizer = authorizer;
        this.tokens = tokens;
        this.metrics = metrics;
        this.properties = properties;
        this.json = json;
        this.joins = Schedulers.newBoundedElastic(properties.joinThreads(), 100_000, "room-auth");
    }

    RateLimiter newRateLimiter(long now) {
        return new RateLimiter(
                properties.framesPerSecond(),
                properties.frameBurst(),
                properties.floodCloseAfter(),
                properties.floodWindow().toNanos(),
                now);
    }

    Publisher<Void> handle(Connection connection, WebsocketInbound in) {
        return in.aggregateFrames(properties.maxFrameBytes())
                .receiveFrames()
                .map(frame -> accept(connection, frame))
                .concatMap(frame -> dispatch(connection, frame))
                .onErrorResume(error -> {
                    failed(connection, error);
                    return Mono.empty();
                })
                .then();
    }

    /** On the event loop, as the frame arrives: liveness, frame kind, rate limit, decoding. */
    private ClientFrame accept(Connection connection, WebSocketFrame frame) {
        long now = System.nanoTime();
        connection.lastSeenNanos = now;
        if (connection.isClosing()) {
            return HANDLED;
        }
        if (frame instanceof BinaryWebSocketFrame
                || (frame instanceof ContinuationWebSocketFrame && !(frame instanceof TextWebSocketFrame))) {
            connection.close(CloseCodes.UNSUPPORTED_DATA, "binary frames are not supported", properties.closeGrace());
            return HANDLED;
        }
        if (!(frame instanceof TextWebSocketFrame text)) {
            return HANDLED; // pong, ping: liveness only
        }
        switch (connection.limiter.tryAcquire(now)) {
            case FLOODING -> {
                metrics.rateLimited();
                connection.close(CloseCodes.POLICY_VIOLATION, "rate limit exceeded", properties.closeGrace());
                return HANDLED;
            }
            case LIMITED -> {
                metrics.rateLimited();
                return new ClientFrame.Invalid(
                        ErrorCode.RATE_LIMITED,
                        "more than " + properties.framesPerSecond() + " frames per second",
                        null);
            }
            default -> {
                ClientFrame decoded = ClientFrame.decode(text.text(), json);
                metrics.frameReceived(typeName(decoded));
                return decoded;
            }
        }
    }

    private Publisher<Void> dispatch(Connection connection, ClientFrame frame) {
        if (connection.isClosing()) {
            return Mono.empty();
        }
        if (frame instanceof ClientFrame.Join join) {
            return join(connection, join);
        }
        if (frame instanceof ClientFrame.Invalid invalid) {
            error(connection, invalid.code(), invalid.message(), invalid.room());
        } else if (frame instanceof ClientFrame.Ping) {
            hub.sendDirect(connection, new ServerFrame.Pong(Timestamps.now()));
        } else if (frame instanceof ClientFrame.Leave leave) {
            leave(connection, leave.room());
        } else if (frame instanceof ClientFrame.Typing typing) {
            typing(connection, typing);
        } else if (frame instanceof ClientFrame.Auth auth) {
            if (reauthenticate(connection, auth.token())) {
                // A refreshed token is the moment to ask again whether the user may still be in each
                // room: access can have gone without this node hearing of it.
                return Mono.fromRunnable(() -> recheckRooms(connection))
                        .subscribeOn(joins)
                        .then();
            }
        }
        return Mono.empty();
    }

    private Mono<Void> join(Connection connection, ClientFrame.Join join) {
        Optional<RoomName> parsed = RoomName.parse(join.room());
        if (parsed.isEmpty()) {
            denied(
                    connection,
                    ErrorCode.INVALID_ROOM,
                    "rooms are booking:<id>, support:<id> or user:<id>",
                    join.room());
            return Mono.empty();
        }
        String room = parsed.get().toString();
        if (connection.inRoom(room)) {
            // Already in: answer again, without a second membership and without a replay.
            return Mono.fromFuture(() -> node.join(connection, room, join.since()));
        }
        if (connection.roomCount() >= properties.maxRoomsPerConnection()) {
            denied(
                    connection,
                    ErrorCode.TOO_MANY_ROOMS,
                    "at most " + properties.maxRoomsPerConnection() + " rooms per connection",
                    room);
            return Mono.empty();
        }
        RoomName name = parsed.get();
        return Mono.fromCallable(() -> authorize(connection, name, room))
                .subscribeOn(joins)
                .flatMap(allowed -> allowed && !connection.isClosing()
                        ? Mono.fromFuture(() -> node.join(connection, room, join.since()))
                                .thenReturn(true)
                        : Mono.just(false))
                .publishOn(joins)
                .doOnNext(joined -> {
                    // Access may have been taken away while we were checking: check again now that we
                    // are in. Access was granted a moment ago, so a check that fails keeps the member.
                    if (joined && name.kind() != RoomName.Kind.USER) {
                        try {
                            if (!authorizer.mayJoin(connection.user, name)) {
                                node.revoke(room, connection.userId());
                            }
                        } catch (RuntimeException ex) {
                            log.warn(
                                    "Could not check access to {} again for user {}: {}",
                                    room,
                                    connection.userId(),
                                    ex.toString());
                        }
                    }
                })
                .then();
    }

    /** Whether the user may join; answers the refusal itself. */
    private boolean authorize(Connection connection, RoomName name, String room) {
        boolean allowed;
        try {
            allowed = authorizer.mayJoin(connection.user, name);
        } catch (RuntimeException ex) {
            log.warn("Could not check access to {} for user {}: {}", room, connection.userId(), ex.toString());
            denied(connection, ErrorCode.FORBIDDEN, "access could not be checked; try again", room);
            return false;
        }
        if (!allowed) {
            denied(connection, ErrorCode.FORBIDDEN, "not allowed to join this room", room);
        }
        return allowed;
    }

    private void leave(Connection connection, String room) {
        if (node.leave(connection, room)) {
            hub.sendDirect(connection, new ServerFrame.LeftRoom(room, "left", Timestamps.now()));
        } else {
            error(connection, ErrorCode.NOT_IN_ROOM, "not in this room", room);
        }
    }

    private void typing(Connection connection, ClientFrame.Typing typing) {
        if (!connection.inRoom(typing.room())) {
            error(connection, ErrorCode.NOT_IN_ROOM, "join the room before typing in it", typing.room());
            return;
        }
        node.typing(
                connection,
                new ServerFrame.Typing(typing.room(), connection.userId(), typing.isTyping(), Timestamps.now()));
    }

    /** True when the token was accepted. */
    private boolean reauthenticate(Connection connection, String token) {
        VerifiedToken verified;
        try {
            verified = tokens.verify(token);
        } catch (InvalidAccessTokenException ex) {
            metrics.authenticationFailed(ex.expired() ? "expired" : "invalid");
            connection.close(
                    CloseCodes.POLICY_VIOLATION,
                    ex.expired() ? CloseCodes.TOKEN_EXPIRED : CloseCodes.INVALID_TOKEN,
                    properties.closeGrace());
            return false;
        }
        if (!verified.user().id().equals(connection.userId())) {
            metrics.authenticationFailed("user_mismatch");
            connection.close(CloseCodes.POLICY_VIOLATION, CloseCodes.INVALID_TOKEN, properties.closeGrace());
            return false;
        }
        connection.user = verified.user();
        connection.expiresAtMillis = verified.expiresAt().toEpochMilli();
        hub.sendDirect(connection, new ServerFrame.Authenticated(verified.expiresAt(), Timestamps.now()));
        return true;
    }

    /** Takes the user out of every room it may no longer be in; a room that cannot be checked now stays. */
    private void recheckRooms(Connection connection) {
        for (String room : connection.rooms()) {
            RoomName name = RoomName.parse(room).orElse(null);
            if (name == null || connection.isClosing()) {
                continue;
            }
            try {
                if (!authorizer.mayJoin(connection.user, name)) {
                    node.revoke(room, connection.userId());
                }
            } catch (RuntimeException ex) {
                log.warn(
                        "Could not check access to {} again for user {}: {}", room, connection.userId(), ex.toString());
            }
        }
    }

    private void denied(Connection connection, ErrorCode code, String message, String room) {
        metrics.joinDenied(code);
        log.info(
                "ws join denied conn={} user={} room={} reason={}",
                connection.id,
                connection.userId(),
                RoomName.forLog(room),
                code);
        error(connection, code, message, room);
    }

    private void error(Connection connection, ErrorCode code, String message, String room) {
        hub.sendDirect(connection, new ServerFrame.Error(code, message, room, Timestamps.now()));
    }

    private void failed(Connection connection, Throwable error) {
        if (AbortedException.isConnectionReset(error)
                || error instanceof AbortedException
                || !connection.channel.isActive()) {
            return; // the client went away; the close listener cleans up
        }
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof TooLongFrameException) {
                break;
            }
            cause = cause.getCause();
        }
        if (cause instanceof TooLongFrameException || error instanceof TooLongFrameException) {
            metrics.connectionError("frame_too_large");
            connection.close(CloseCodes.MESSAGE_TOO_BIG, "frame too large", properties.closeGrace());
        } else if (cause instanceof CorruptedFrameException) {
            metrics.connectionError("protocol");
            connection.close(1002, "protocol error", properties.closeGrace());
        } else {
            metrics.connectionError("internal");
            log.warn("WebSocket connection {} failed: {}", connection.id, error.toString());
            connection.close(1011, "internal error", properties.closeGrace());
        }
    }

    private static String typeName(ClientFrame frame) {
        if (frame instanceof ClientFrame.Join) {
            return "join";
        }
        if (frame instanceof ClientFrame.Leave) {
            return "leave";
        }
        if (frame instanceof ClientFrame.Typing) {
            return "typing";
        }
        if (frame instanceof ClientFrame.Ping) {
            return "ping";
        }
        if (frame instanceof ClientFrame.Auth) {
            return "auth";
        }
        return "invalid";
    }

    @Override
    public void destroy() {
        joins.dispose();
    }
}
