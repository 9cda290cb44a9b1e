package com.servicehub.realtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the gateway; every default is the contract's value.
 *
 * @param path where the WebSocket is served
 * @param maxFrameBytes largest text frame; larger closes with 1009
 * @param maxRoomsPerConnection rooms one connection may be in ({@code TOO_MANY_ROOMS} past it)
 * @param framesPerSecond sustained client frames per second per connection
 * @param frameBurst client frames a connection may send at once
 * @param floodCloseAfter rate-limited frames within {@code floodWindow} after which the connection is closed with 1008
 * @param floodWindow window for {@code floodCloseAfter}
 * @param pingInterval how often the server pings
 * @param pongTimeout silence after which a connection is closed
 * @param maxPendingBytes bytes queued for one connection before it counts as a slow reader (closed with 1013)
 * @param closeGrace how long a closing connection may take to read its close frame before it is cut
 * @param socketSendBufferBytes each socket's kernel send buffer ({@code SO_SNDBUF}); bounded, so what a slow
 *        reader holds in the kernel is bounded too and a close frame gets through soon after it reads again
 * @param maxReplayBytes most a join may replay; a client that missed more is told {@code recovered: false}
 * @param joinThreads threads that check room access against the database
 * @param roomWorkers threads that deliver rooms' events in order (a room's hash picks one); 0: one per core, at least 2
 * @param maxConnectionsPerUser sockets one user may hold on this node; more are closed at once with 1008; 0: no cap
 * @param maxConnectionsPerAddress sockets one client address may hold on this node (the address as the server sees
 *        it, so behind a proxy only with forwarded headers trusted); more are closed at once with 1008; 0: no cap
 * @param shutdownDrain on shutdown, how long the node reports itself unready and keeps serving before it closes
 *        sockets, so the load balancer stops sending new ones first
 * @param shutdownBatchSize sockets closed with 1001 at a time on shutdown, so the nodes that stay take the
 *        reconnects spread out rather than all in one second
 * @param shutdownBatchInterval time between two such batches
 * @param nodeId this node's id ({@code NODE_ID}); random when empty
 */
@ConfigurationProperties("servicehub.realtime")
record RealtimeProperties(
        @DefaultValue("/ws") String path,
        @DefaultValue("65536") int maxFrameBytes,
        @DefaultValue("100") int maxRoomsPerConnection,
        @DefaultValue("20") int framesPerSecond,
        @DefaultValue("40") int frameBurst,
        @DefaultValue("100") int floodCloseAfter,
        @DefaultValue("10s") Duration floodWindow,
        @DefaultValue("25s") Duration pingInterval,
        @DefaultValue("60s") Duration pongTimeout,
        @DefaultValue("524288") int maxPendingBytes,
        @DefaultValue("5s") Duration closeGrace,
        @DefaultValue("65536") int socketSendBufferBytes,
        @DefaultValue("262144") int maxReplayBytes,
        @DefaultValue("8") int joinThreads,
        @DefaultValue("0") int roomWorkers,
        @DefaultValue("50") int maxConnectionsPerUser,
        @DefaultValue("1000") int maxConnectionsPerAddress,
        @DefaultValue("5s") Duration shutdownDrain,
        @DefaultValue("10000") int shutdownBatchSize,
        @DefaultValue("2s") Duration shutdownBatchInterval,
        String nodeId) {

    RealtimeProperties {
        if (roomWorkers <= 0) {
            roomWorkers = Math.max(2, Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * What may sit in a channel's own write buffer (its high-water mark): the part of a slow
     * reader's bytes that a close cannot take back. The rest of {@code maxPendingBytes} waits in
     * the connection's backlog, which a close drops.
     */
    int socketBufferBytes() {
        return Math.max(1, Math.min(65_536, maxPendingBytes / 2));
    }

    int backlogBytes() {
        return maxPendingBytes - socketBufferBytes();
    }
}
