package com.servicehub.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;

/**
 * A stand-in for the ServiceHub gateway, just faithful enough to exercise the harness end to end:
 * token check on upgrade (1008 otherwise), {@code connected}, {@code join}/{@code joined_room}
 * (no authorisation), the REST calls the booking scenarios make (with the contract's status
 * transitions), and raw Redis events on {@code booking:status} and {@code technician:location}.
 * Coordinates are re-serialised through doubles, as Jackson would. Test code only.
 */
final class FakeServiceHub implements AutoCloseable {

    private static final AttributeKey<String> USER = AttributeKey.valueOf("user");
    private static final Pattern NUMBER = Pattern.compile("\"(latitude|longitude)\"\\s*:\\s*(-?[0-9.eE+-]+)");
    private static final List<String> ORDER = List.of("assigned", "en_route", "arrived", "in_progress", "completed");

    record User(String id, String phone, String password, String role) {}

    static final class Booking {
        final String id = UUID.randomUUID().toString();
        final String customerId;
        volatile String technicianId;
        volatile String status = "pending";

        Booking(String customerId) {
            this.customerId = customerId;
        }
    }

    private final String secret;
    private final TokenMinter minter;
    private final EventLoopGroup group;
    private final Channel server;
    private final Map<String, Set<Channel>> rooms = new ConcurrentHashMap<>();
    private final Map<String, User> usersByPhone = new ConcurrentHashMap<>();
    private final Map<String, Booking> bookings = new ConcurrentHashMap<>();
    private Socket redis;

    FakeServiceHub(String secret) throws InterruptedException {
        this(secret, 0, 1);
    }

    FakeServiceHub(String secret, int port, int threads) throws InterruptedException {
        this.secret = secret;
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.minter = TokenMinter.forSecret(secret, false, Duration.ofMinutes(15));
        usersByPhone.put(
                "+966500000003", new User(UUID.randomUUID().toString(), "+966500000003", "password123", "admin"));
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(
                                        new HttpServerCodec(),
                                        new HttpObjectAggregator(65536),
                                        new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                                .websocketPath("/ws")
                                                .checkStartsWith(true)
                                                .allowExtensions(false)
                                                .build()),
                                        new Handler());
                    }
                })
                .bind("127.0.0.1", port)
                .sync()
                .channel();
    }

    /**
     * For trying the harness by hand without the real service:
     * {@code java -cp target/test-classes:target/servicehub-bench.jar com.servicehub.bench.FakeServiceHub SECRET [PORT [THREADS]]}.
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        FakeServiceHub hub = new FakeServiceHub(args[0], port, threads).listenToRedis("127.0.0.1", 6379);
        System.out.println("fake ServiceHub on 127.0.0.1:" + hub.port() + ", pid "
                + ProcessHandle.current().pid());
        Thread.currentThread().join();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    int bookingCount() {
        return bookings.size();
    }

    /** Subscribes to the contract's event channels, like a node started with REDIS_URL. */
    FakeServiceHub listenToRedis(String host, int port) throws IOException, InterruptedException {
        redis = new Socket(host, port);
        OutputStream out = redis.getOutputStream();
        out.write("*3\r\n$9\r\nSUBSCRIBE\r\n$14\r\nbooking:status\r\n$19\r\ntechnician:location\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = new BufferedInputStream(redis.getInputStream());
        for (int i = 0; i < 2; i++) {
            readArray(in);
        }
        Thread reader = new Thread(
                () -> {
                    try {
                        while (true) {
                            List<String> message = readArray(in);
                            if (message.size() == 3 && message.get(0).equals("message")) {
                                onRedis(message.get(1), message.get(2));
                            }
                        }
                    } catch (IOException e) {
                        // closed
                    } catch (RuntimeException | Error e) {
                        e.printStackTrace();
                    }
                },
                "fake-redis");
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    @Override
    public void close() throws IOException {
        if (redis != null) {
            redis.close();
        }
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    // ---- events -------------------------------------------------------------------------

    private void onRedis(String channel, String payload) {
        String timestamp = JsonText.string(payload, "timestamp");
        if (channel.equals("booking:status")) {
            String bookingId = JsonText.string(payload, "bookingId");
            String status = JsonText.string(payload, "status");
            pushStatus(bookingId, status, timestamp, "booking:" + bookingId);
            pushStatus(bookingId, status, timestamp, "user:" + JsonText.string(payload, "userId"));
        } else {
            pushLocation(JsonText.string(payload, "bookingId"), payload, timestamp);
        }
    }

    private void pushStatus(String bookingId, String status, String timestamp, String room) {
        push(
                room,
                "{\"type\":\"status_update\",\"bookingId\":\"" + bookingId + "\",\"status\":\"" + status
                        + "\",\"timestamp\":\"" + timestamp + "\",\"room\":\"" + room + "\"}");
    }

    private void pushLocation(String bookingId, String json, String timestamp) {
        double latitude = 0;
        double longitude = 0;
        Matcher m = NUMBER.matcher(json);
        while (m.find()) {
            double value = Double.parseDouble(m.group(2));
            if (m.group(1).equals("latitude")) {
                latitude = value;
            } else {
                longitude = value;
            }
        }
        String room = "booking:" + bookingId;
        push(
                room,
                "{\"type\":\"location_update\",\"bookingId\":\"" + bookingId + "\",\"location\":{\"latitude\":"
                        + latitude + ",\"longitude\":" + longitude + "},\"timestamp\":\"" + timestamp + "\",\"room\":\""
                        + room + "\"}");
    }

    /** Encodes once, hands every member a retained duplicate. */
    private void push(String room, String json) {
        Set<Channel> members = rooms.get(room);
        if (members == null || members.isEmpty()) {
            return;
        }
        ByteBuf frame = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        group.next().execute(() -> {
            // one task per event, not per member; with one event loop every member lives on it
            for (Channel member : members) {
                member.writeAndFlush(new TextWebSocketFrame(frame.retainedDuplicate()));
            }
            frame.release();
        });
    }

    private static String now() {
        return IsoClock.format(Instant.now());
    }

    // ---- protocol -----------------------------------------------------------------------

    private final class Handler extends SimpleChannelInboundHandler<Object> {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete done) {
                String token = new QueryStringDecoder(done.requestUri())
                        .parameters()
                        .getOrDefault("token", List.of(""))
                        .get(0);
                String user = verify(token);
                if (user == null) {
                    ctx.writeAndFlush(new CloseWebSocketFrame(1008, "invalid token"))
                            .addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                ctx.channel().attr(USER).set(user);
                ctx.writeAndFlush(new TextWebSocketFrame(
                        "{\"type\":\"connected\",\"userId\":\"" + user + "\",\"timestamp\":\"" + now() + "\"}"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TextWebSocketFrame text) {
                String json = text.text();
                String room = JsonText.string(json, "room");
                if ("join".equals(JsonText.string(json, "type")) && room != null) {
                    rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet())
                            .add(ctx.channel());
                    ctx.channel().closeFuture().addListener(f -> rooms.get(room).remove(ctx.channel()));
                    ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"joined_room\",\"room\":\"" + room
                            + "\",\"offset\":0,\"epoch\":\"e1\",\"timestamp\":\"" + now() + "\"}"));
                } else {
                    ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"error\",\"code\":\"UNKNOWN_TYPE\"}"));
                }
            } else if (msg instanceof FullHttpRequest request) {
                String[] answer = rest(request);
                FullHttpResponse response = new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1,
                        HttpResponseStatus.valueOf(Integer.parseInt(answer[0])),
                        Unpooled.copiedBuffer(answer[1], StandardCharsets.UTF_8));
                response.headers()
                        .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .setInt(
                                HttpHeaderNames.CONTENT_LENGTH,
                                response.content().readableBytes());
                ctx.writeAndFlush(response);
            }
        }

        /** {status, body}. */
        private String[] rest(FullHttpRequest request) {
            String path = new QueryStringDecoder(request.uri()).path();
            String body = request.content().toString(StandardCharsets.UTF_8);
            String method = request.method().name();
            String auth = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            String caller = auth == null ? null : verify(auth.substring("Bearer ".length()));
            String[] parts = path.split("/");
            if (method.equals("POST") && path.equals("/api/v2/auth/login")) {
                User user = usersByPhone.get(JsonText.string(body, "phone"));
                if (user == null || !user.password().equals(JsonText.string(body, "password"))) {
                    return new String[] {"401", "{\"title\":\"Unauthorized\"}"};
                }
                return new String[] {
                    "200",
                    "{\"accessToken\":\"" + minter.mint(user.id(), user.role())
                            + "\",\"refreshToken\":\"r\",\"tokenType\":\"Bearer\",\"expiresIn\":900,\"user\":"
                            + json(user) + "}"
                };
            }
            if (method.equals("POST") && (path.equals("/api/v2/auth/register") || path.equals("/api/v2/admin/users"))) {
                String role = path.endsWith("register") ? "customer" : JsonText.string(body, "role");
                User user = new User(
                        UUID.randomUUID().toString(),
                        JsonText.string(body, "phone"),
                        JsonText.string(body, "password"),
                        role);
                if (usersByPhone.putIfAbsent(user.phone(), user) != null) {
                    return new String[] {"409", "{\"title\":\"Conflict\"}"};
                }
                return new String[] {"201", json(user)};
            }
            if (caller == null) {
                return new String[] {"401", "{\"title\":\"Unauthorized\"}"};
            }
            if (method.equals("POST") && path.equals("/api/v2/bookings")) {
                Booking booking = new Booking(caller);
                bookings.put(booking.id, booking);
                return new String[] {
                    "201", "{\"id\":\"" + booking.id + "\",\"customerId\":\"" + caller + "\",\"status\":\"pending\"}"
                };
            }
            Booking booking = parts.length == 6 ? bookings.get(parts[4]) : null;
            if (booking == null) {
                return new String[] {"404", "{\"title\":\"Not Found\"}"};
            }
            switch (method + " " + parts[5]) {
                case "PUT technician" -> {
                    booking.technicianId = JsonText.string(body, "technicianId");
                    return transition(booking, "assigned");
                }
                case "PATCH status" -> {
                    return transition(booking, JsonText.string(body, "status"));
                }
                case "POST location" -> {
                    pushLocation(booking.id, body, now());
                    return new String[] {"202", ""};
                }
                default -> {
                    return new String[] {"404", "{\"title\":\"Not Found\"}"};
                }
            }
        }

        private String[] transition(Booking booking, String to) {
            synchronized (booking) {
                int from = ORDER.indexOf(booking.status);
                if (!to.equals("assigned") && ORDER.indexOf(to) != from + 1) {
                    return new String[] {
                        "409", "{\"title\":\"Conflict\",\"detail\":\"" + booking.status + " -> " + to + "\"}"
                    };
                }
                booking.status = to;
            }
            pushStatus(booking.id, to, now(), "booking:" + booking.id);
            pushStatus(booking.id, to, now(), "user:" + booking.customerId);
            return new String[] {"200", "{\"id\":\"" + booking.id + "\",\"status\":\"" + to + "\"}"};
        }

        private String json(User user) {
            return "{\"id\":\"" + user.id() + "\",\"phone\":\"" + user.phone() + "\",\"name\":\"n\",\"role\":\""
                    + user.role() + "\"}";
        }
    }

    /** The token's subject when the signature matches, else null. */
    private String verify(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String expected = TokenMinter.forSecret(secret, false, Duration.ZERO).sign(header, claims);
        return expected.equals(token) ? JsonText.string(claims, "sub") : null;
    }

    private static List<String> readArray(InputStream in) throws IOException {
        String header = line(in);
        if (header == null || !header.startsWith("*")) {
            throw new IOException("unexpected " + header);
        }
        int n = Integer.parseInt(header.substring(1));
        String[] items = new String[n];
        for (int i = 0; i < n; i++) {
            String h = line(in);
            if (h.startsWith(":")) {
                items[i] = h.substring(1);
            } else {
                int len = Integer.parseInt(h.substring(1));
                byte[] bytes = in.readNBytes(len);
                in.readNBytes(2);
                items[i] = new String(bytes, StandardCharsets.UTF_8);
            }
        }
        return List.of(items);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\r') {
                in.read();
                return s.toString();
            }
            s.append((char) b);
        }
        throw new IOException("closed");
    }
}
