package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** The three forms of {@code REDIS_URL} and the Spring Boot properties each stands for. */
class RedisUrlTests {

    @Test
    void aPlainUrlIsBootsOwn() {
        assertThat(RedisEnvironmentPostProcessor.properties("rediss://:secret@cache:6380/2"))
                .containsEntry("spring.data.redis.url", "rediss://:secret@cache:6380/2")
                .containsEntry("servicehub.redis.enabled", "true");
    }

    @Test
    void aSentinelUrlNamesItsSentinelsMasterPasswordAndDatabase() {
        assertThat(RedisEnvironmentPostProcessor.properties("redis-sentinel://app:p%40ss@s1:26379,s2:26380/3#orders"))
                .containsEntry("spring.data.redis.sentinel.master", "orders")
                .containsEntry("spring.data.redis.sentinel.nodes", "s1:26379,s2:26380")
                .containsEntry("spring.data.redis.username", "app")
                .containsEntry("spring.data.redis.password", "p@ss")
                .containsEntry("spring.data.redis.database", "3")
                .doesNotContainKey("spring.data.redis.url");
    }

    @Test
    void aSentinelUrlWithoutAMasterIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisEnvironmentPostProcessor.properties("redis-sentinel://s1:26379"))
                .withMessageContaining("master");
    }

    @Test
    void aClusterUrlListsItsSeedsAndRefreshesItsTopology() {
        assertThat(RedisEnvironmentPostProcessor.properties("redis-cluster://:pw@n1:7000,n2:7001"))
                .containsEntry("spring.data.redis.cluster.nodes", "n1:7000,n2:7001")
                .containsEntry("spring.data.redis.password", "pw")
                .containsEntry("spring.data.redis.lettuce.cluster.refresh.adaptive", "true")
                .doesNotContainKey("spring.data.redis.username");
    }
}
