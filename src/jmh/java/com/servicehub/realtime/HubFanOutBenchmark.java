package com.servicehub.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.servicehub.auth.CurrentUser;
import com.servicehub.auth.Role;
import com.servicehub.system.BenchmarkJsonMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;

/**
 * Delivering one event to one room ({@link Hub#deliver}): the room lookup, one task per event
 * loop, and on each loop the per-member loop that writes a duplicate of the pre-encoded
 * frame and the coalesced flush. In {@code deliver} one operation ends when every loop has
 * written and flushed, so it is the publish-to-last-write time of one event for a room of
 * {@code members} on an otherwise idle node (waking the loops included); {@code deliverBurst}
 * publishes {@value #BURST} events before it waits, which gives the cost per event when the loops
 * are busy.
 *
 * <p>Members are real channels ({@link LocalChannel}s, connected in memory) spread over
 * {@code eventLoops} event loops, as Reactor Netty spreads sockets over its loops. Each channel's
 * pipeline counts the frames, runs the WebSocket frame encoder a server connection has, and drops
 * the bytes where a socket would take them, releasing them, so memory stays flat; the socket
 * write itself (a system call per flushed connection) is not measured. Every iteration checks that
 * each delivery reached every member.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// A room of 5,000 takes milliseconds per event, so it needs more warm-up calls than a few seconds give.
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class HubFanOutBenchmark {

    static final int BURST = 50;

    @Param({"5", "5000"})
    public int members;

    /** Reactor Netty's default is max(cores, 4); one per core of this benchmark's 2-core machine. */
    @Param({"2"})
    public int eventLoops;

    private final LongAdder written = new LongAdder();
    private final FrameCounter counter = new FrameCounter(written);
    private final BytesSink sink = new BytesSink();
    private EventLoopGroup loops;
    private EventLoopGroup serverLoop;
    private Channel server;
    private final List<Channel> clients = new ArrayList<>();
    private Hub hub;
    private String room;
    private byte[] json;
    private ServerFrame frame;
    private long expected;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        FrameEncoder encoder = new FrameEncoder(BenchmarkJsonMapper.create());
        hub = new Hub(encoder, new RealtimeMetrics(new SimpleMeterRegistry()), properties());
        UUID bookingId = UUID.randomUUID();
        room = RoomName.booking(bookingId);
        frame = new ServerFrame.StatusUpdate(
                bookingId, "en_route", Instant.parse("2024-10-02T19:00:00.123Z"), room, 42L, "3f2a9c1b-1");
        json = encoder.encodeBytes(frame);

        serverLoop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        loops = new MultiThreadIoEventLoopGroup(eventLoops, LocalIoHandler.newFactory());
        LocalAddress address = new LocalAddress("hub-fan-out-" + UUID.randomUUID());
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
        Bootstrap bootstrap = new Bootstrap()
                .group(loops)
                .channel(LocalChannel.class)
                .handler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel channel) {
                        channel.pipeline().addLast(sink, new WebSocket08FrameEncoder(false), counter);
                    }
                });
        long now = System.nanoTime();
        for (int i = 0; i < members; i++) {
            Channel channel = bootstrap.connect(address).sync().channel();
            clients.add(channel);
            Connection connection = new Connection(
                    i + 1,
                    channel,
                    new CurrentUser(UUID.randomUUID(), Role.CUSTOMER),
                    Long.MAX_VALUE,
                    new RateLimiter(20, 40, 100, TimeUnit.SECONDS.toNanos(10), now),
                    now);
            hub.register(connection);
            if (!connection.addRoom(room) || !hub.addMember(connection, room)) {
                throw new IllegalStateException("member " + i + " could not join");
            }
        }
    }

    @Setup(Level.Iteration)
    public void resetCount() {
        written.reset();
        expected = 0;
    }

    @Benchmark
    public int deliver() throws InterruptedException {
        int recipients = hub.deliver(room, json, frame, 0, System.nanoTime());
        awaitWritesAndFlushes();
        expected += recipients;
        return recipients;
    }

    /**
     * The same events back to back, waiting once: the loops stay busy and coalesce their flushes, as
     * under sustained load, so this is the cost per event without an idle loop's wake-up in it.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int deliverBurst() throws InterruptedException {
        int recipients = 0;
        for (int i = 0; i < BURST; i++) {
            recipients += hub.deliver(room, json, frame, 0, System.nanoTime());
        }
        awaitWritesAndFlushes();
        expected += recipients;
        return recipients;
    }

    /**
     * Each loop runs tasks in order: the hub's write task, then the flush it scheduled. A marker
     * that re-submits itself once lands behind both.
     */
    private void awaitWritesAndFlushes() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(eventLoops);
        for (EventExecutor loop : loops) {
            loop.execute(() -> loop.execute(done::countDown));
        }
        done.await();
    }

    @TearDown(Level.Iteration)
    public void checkEveryMemberGotEveryFrame() {
        if (written.sum() != expected || expected % members != 0) {
            throw new IllegalStateException("wrote " + written.sum() + " frames, expected " + expected);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        // A local channel closes its peer with a task on the peer's loop: close every client and
        // let the server loop finish closing its side before any loop stops.
        for (Channel client : clients) {
            client.close().sync();
        }
        server.close().sync();
        serverLoop.shutdownGracefully(100, 1000, TimeUnit.MILLISECONDS).sync();
        loops.shutdownGracefully(100, 1000, TimeUnit.MILLISECONDS).sync();
        System.out.printf(
                "%npooled direct memory in use after the run: %,d bytes%n",
                PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory());
    }

    private static RealtimeProperties properties() {
        return new RealtimeProperties(
                "/ws",
                65536,
                100,
                20,
                40,
                100,
                Duration.ofSeconds(10),
                Duration.ofSeconds(25),
                Duration.ofSeconds(60),
                524288,
                Duration.ofSeconds(5),
                65536,
                262144,
                8,
                0,
                0,
                0,
                Duration.ZERO,
                10000,
                Duration.ofSeconds(2),
                "benchmark");
    }

    /**
     * Counts the WebSocket frames written to a member (ahead of the frame encoder): the hub writes
     * pre-encoded frames as buffers, other sends go as frame objects.
     */
    @ChannelHandler.Sharable
    private static final class FrameCounter extends ChannelOutboundHandlerAdapter {

        private final LongAdder written;

        FrameCounter(LongAdder written) {
            this.written = written;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof TextWebSocketFrame || msg instanceof ByteBuf) {
                written.increment();
            }
            ctx.write(msg, promise);
        }
    }

    /**
     * Where the socket would be: takes the encoded bytes and releases them, and ends flushes here,
     * so the in-memory transport's own work (a task on the peer's loop per flush) is not measured.
     */
    @ChannelHandler.Sharable
    private static final class BytesSink extends ChannelOutboundHandlerAdapter {

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ReferenceCountUtil.release(msg);
            promise.trySuccess();
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {}
    }
}
