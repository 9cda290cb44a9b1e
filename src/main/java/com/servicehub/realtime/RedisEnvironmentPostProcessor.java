package com.servicehub.realtime;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Maps the contract's {@code REDIS_URL} onto {@code servicehub.redis.url}, which chooses the
 * broker. Spring's own Redis health check is off: it would open a connection of its own and
 * could wait on a Redis that is gone; {@link RedisHealthIndicator} reports the broker's instead.
 */
class RedisEnvironmentPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("REDIS_URL");
        if (!StringUtils.hasText(url)) {
            url = environment.getProperty("servicehub.redis.url");
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("management.health.redis.enabled", false);
        if (StringUtils.hasText(url)) {
            properties.put("spring.data.redis.url", url);
            properties.put("servicehub.redis.url", url);
        }
        environment.getPropertySources().addLast(new MapPropertySource("servicehubRedis", properties));
    }
}
