package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;

import com.servicehub.auth.CurrentUser;
import com.servicehub.auth.Role;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import tools.jackson.databind.json.JsonMapper;

/**
 * A room that many connections share (every socket of one user in {@code user:<id>}, or a big
 * booking audience) is built in linear work: a join must not copy the whole member list. Members are
 * real Netty channels (in-memory transport) on two event loops, as Reactor Netty spreads sockets.
 */
class HubRoomTests {

    static final int MEMBERS = 20_000;

    static EventLoopGroup loops;
    static EventLoopGroup serverLoop;
    static Channel server;
    static LocalAddress address;
    static final AtomicInteger written = new AtomicInteger();

    @BeforeAll
    static void startTransport() throws InterruptedException {
        serverLoop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        loops = new MultiThreadIoEventLoopGroup(2, LocalIoHandler.newFactory());
        address = new LocalAddress("hub-room-" + UUID.randomUUID());
        server = new ServerBootstrap()
                .group(serverLoop)
                .channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel channel) {}
                })
                .bind(address)
                .sync()
                .channel();
    }

    @AfterAll
    static void stopTransport() throws InterruptedException {
        server.close().sync();
        serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void twentyThousandJoinsToOneRoomCopyEachMemberAFewTimesNotOnEveryJoin() throws Exception {
        Hub hub = hub();
        String room = RoomName.user(UUID.randomUUID());
        List<Connection> members = connect(MEMBERS);
        for (Connection member : members) {
            assertThat(member.addRoom(room)).isTrue();
            assertThat(hub.addMember(member, room)).isTrue();
        }

        assertThat(hub.subscriptionCount()).isEqualTo(MEMBERS);
        // Growing by doubling copies fewer slots than there are members; copying the list on every
        // join copied n(n-1)/2, 200 million for 20,000.
        assertThat(hub.memberSlotsCopied(room)).isLessThan(2L * MEMBERS);

        // Every member gets a delivery exactly once.
        written.set(0);
        assertThat(deliver(hub, room)).isEqualTo(MEMBERS);
        awaitLoops();
        assertThat(written.get()).isEqualTo(MEMBERS);
        close(members);
    }

    @Test
    void aDeliveryMadeBeforeAJoinOrALeaveReachesTheRoomAsItWasThen() throws Exception {
        Hub hub = hub();
        String room = RoomName.user(UUID.randomUUID());
        List<Connection> members = connect(64);
        for (Connection member : members.subList(0, 32)) {
            member.addRoom(room);
            hub.addMember(member, room);
        }
        // Hold both loops so the deliveries below wait while the room changes under them.
        CountDownLatch release = new CountDownLatch(1);
        for (EventExecutor loop : loops) {
            loop.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        written.set(0);
        int first = deliver(hub, room);
        for (Connection member : members.subList(32, 64)) {
            member.addRoom(room);
            hub.addMember(member, room);
        }
        hub.leave(members.get(0), room);
        hub.leave(members.get(1), room);
        int second = deliver(hub, room);
        release.countDown();
        awaitLoops();

        assertThat(first).isEqualTo(32);
        assertThat(second).isEqualTo(62);
        assertThat(written.get()).isEqualTo(first + second);
        assertThat(hub.subscriptionCount()).isEqualTo(62);
        close(members);
    }

    private static int deliver(Hub hub, String room) {
        ServerFrame frame = new ServerFrame.Pong(Instant.parse("2024-10-02T19:00:00Z"));
        return hub.deliver(room, "{\"type\":\"pong\"}".getBytes(StandardCharsets.UTF_8), frame, 0, 0);
    }

    private static Hub hub() {
        RealtimeProperties properties =
                Binder.get(new StandardEnvironment()).bindOrCreate("servicehub.realtime", RealtimeProperties.class);
        return new Hub(
                new FrameEncoder(JsonMapper.builder().build()),
                new RealtimeMetrics(new SimpleMeterRegistry()),
                properties);
    }

    private static List<Connection> connect(int count) throws InterruptedException {
        Bootstrap bootstrap = new Bootstrap()
                .group(loops)
                .channel(LocalChannel.class)
                .handler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel channel) {
                        channel.pipeline().addLast(Sink.INSTANCE);
                    }
                });
        long now = System.nanoTime();
        List<Connection> connections = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Channel channel = bootstrap.connect(address).sync().channel();
            connections.add(new Connection(
                    i + 1,
                    channel,
                    new CurrentUser(UUID.randomUUID(), Role.CUSTOMER),
                    Long.MAX_VALUE,
                    new RateLimiter(20, 40, 100, TimeUnit.SECONDS.toNanos(10), now),
                    now));
        }
        return connections;
    }

    /** Each loop runs tasks in order: a marker that re-submits itself once lands behind writes and flushes. */
    private static void awaitLoops() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(2);
        for (EventExecutor loop : loops) {
            loop.execute(() -> loop.execute(done::countDown));
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    }

    private static void close(List<Connection> connections) throws InterruptedException {
        for (Connection connection : connections) {
            connection.channel.close().sync();
        }
    }

    /** Where a socket would be: counts the frames written and releases them. */
    @ChannelHandler.Sharable
    private static final class Sink extends ChannelOutboundHandlerAdapter {

        static final Sink INSTANCE = new Sink();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf) {
                written.incrementAndGet();
            }
            ReferenceCountUtil.release(msg);
            promise.trySuccess();
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {}
    }
}
