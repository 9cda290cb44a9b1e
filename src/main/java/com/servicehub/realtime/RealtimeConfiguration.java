package com.servicehub.realtime;

import java.util.UUID;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.StringUtils;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.Delay;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;

/** Wires the gateway into Reactor Netty and picks the broker. */
@Configuration(proxyBeanMethods = false)
class RealtimeConfiguration {

    /** Neither {@code REDIS_URL} nor Spring Boot's own Redis URL: the node runs alone. */
    static final String NO_REDIS = "!${servicehub.redis.enabled:false} and '${spring.data.redis.url:}' == ''";

    @Bean
    NodeId nodeId(RealtimeProperties properties) {
        return new NodeId(
                StringUtils.hasText(properties.nodeId())
                        ? properties.nodeId()
                        : "node-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Without {@code REDIS_URL} the node runs alone. */
    @Bean
    @ConditionalOnExpression(NO_REDIS)
    Broker inMemoryBroker(HistoryProperties history) {
        return new InMemoryBroker(history);
    }

    /** {@code /ws} is served by Reactor Netty directly, ahead of the WebFlux handler chain. */
    @Bean
    NettyRouteProvider webSocketRoute(WebSocketGateway gateway, RealtimeProperties properties) {
        return routes -> routes.get(properties.path(), gateway::handshake);
    }

    /**
     * The in-flight part of what may queue for one connection: past the high-water mark a channel
     * stops being writable and frames wait in the connection's backlog (see {@link Connection#offer}).
     */
    @Bean
    NettyServerCustomizer writeBufferBound(RealtimeProperties properties) {
        int high = properties.socketBufferBytes();
        return server -> server.childOption(
                        ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(Math.max(1, high / 2), high))
                .childOption(ChannelOption.SO_SNDBUF, properties.socketSendBufferBytes());
    }

    /**
     * With {@code REDIS_URL} (Spring Boot's {@code spring.data.redis.url}) the node joins a cluster
     * over Redis, through the Lettuce client Boot configures.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("!(" + NO_REDIS + ")")
    static class RedisBrokerConfiguration {

        @Bean
        RedisConnections redisConnections(LettuceConnectionFactory factory, RealtimeMetrics metrics) {
            RedisConnections connections = new RedisConnections(factory, metrics);
            metrics.bindRedis(connections);
            return connections;
        }

        @Bean
        Broker redisBroker(
                RedisConnections connections,
                FrameEncoder encoder,
                RealtimeMetrics metrics,
                HistoryProperties history,
                NodeId nodeId,
                BrokerProperties properties) {
            return new RedisBroker(
                    connections, new RedisPayloads(encoder.json()), metrics, history, nodeId, properties.idleExpiry());
        }

        /** The {@code redis} health component. */
        @Bean
        RedisHealthIndicator redisHealthIndicator(RedisConnections connections) {
            return new RedisHealthIndicator(connections);
        }

        /** Reconnect quickly (at most 2 s apart) so cross-node delivery resumes within seconds. */
        @Bean
        ClientResourcesBuilderCustomizer quickRedisReconnects() {
            return builder -> builder.reconnectDelay(Delay.exponential(
                    java.time.Duration.ofMillis(100),
                    java.time.Duration.ofSeconds(2),
                    2,
                    java.util.concurrent.TimeUnit.MILLISECONDS));
        }

        /**
         * Commands fail at once while disconnected (the broker then serves this node alone) instead
         * of queueing; RESP2, whose Pub/Sub messages are decoded straight from the read buffer
         * (RESP3 push messages are copied to the heap first).
         */
        @Bean
        LettuceClientOptionsBuilderCustomizer brokerClientOptions(DataRedisProperties redis) {
            SocketOptions.Builder socket = SocketOptions.builder().keepAlive(true);
            if (redis.getConnectTimeout() != null) {
                socket.connectTimeout(redis.getConnectTimeout());
            }
            return builder -> builder.protocolVersion(ProtocolVersion.RESP2)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(socket.build());
        }
    }
}
