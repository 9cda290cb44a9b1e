package com.servicehub.realtime;

import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;

/** Wires the gateway into Reactor Netty and picks the broker. */
@Configuration(proxyBeanMethods = false)
class RealtimeConfiguration {

    @Bean
    NodeId nodeId(RealtimeProperties properties) {
        return new NodeId(StringUtils.hasText(properties.nodeId()) ? properties.nodeId()
                : "node-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** With {@code REDIS_URL} the node joins a cluster over Redis; without, it runs alone. */
    @Bean
    Broker broker(Hub hub, FrameEncoder encoder, HistoryProperties history, RealtimeMetrics metrics, NodeId nodeId,
            Environment environment) {
        String redisUrl = environment.getProperty("REDIS_URL");
        if (!StringUtils.hasText(redisUrl)) {
            redisUrl = environment.getProperty("servicehub.redis.url");
        }
        if (!StringUtils.hasText(redisUrl)) {
            return new InMemoryBroker(hub, encoder, history);
        }
        return new RedisBroker(redisUrl, hub, encoder, metrics, history, nodeId,
                environment.getProperty("servicehub.redis.command-timeout", Duration.class, Duration.ofSeconds(2)),
                environment.getProperty("servicehub.redis.idle-expiry", Duration.class, Duration.ofHours(1)));
    }

    /** The {@code redis} health component, when the node runs with Redis. */
    @Bean
    @ConditionalOnExpression("'${servicehub.redis.url:}' != ''")
    RedisHealthIndicator redisHealthIndicator(Broker broker) {
        return new RedisHealthIndicator((RedisBroker) broker);
    }

    /** {@code /ws} is served by Reactor Netty directly, ahead of the WebFlux handler chain. */
    @Bean
    NettyRouteProvider webSocketRoute(WebSocketGateway gateway, RealtimeProperties properties) {
        return routes -> routes.get(properties.path(), gateway::handshake);
    }

    /**
     * Bounds what may queue for one connection: past the high-water mark a channel stops being
     * writable and the hub closes it (1013) instead of buffering more.
     */
    @Bean
    NettyServerCustomizer writeBufferBound(RealtimeProperties properties) {
        int high = properties.maxPendingBytes();
        return server -> server.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(Math.max(1, high / 2), high));
    }
}
