package com.servicehub.realtime;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Maps the contract's {@code REDIS_URL} onto Spring's Redis settings (used by the health
 * check). Without it the node runs alone and has no Redis to report on.
 */
class RedisEnvironmentPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("REDIS_URL");
        if (!StringUtils.hasText(url)) {
            url = environment.getProperty("servicehub.redis.url");
        }
        Map<String, Object> properties = new HashMap<>();
        if (StringUtils.hasText(url)) {
            properties.put("spring.data.redis.url", url);
            properties.put("servicehub.redis.url", url);
        }
        else {
            properties.put("management.health.redis.enabled", false);
        }
        environment.getPropertySources().addLast(new MapPropertySource("servicehubRedis", properties));
    }
}
