package com.servicehub.realtime;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * The one place that reads the contract's {@code REDIS_URL}: it becomes Spring Boot's
 * {@code spring.data.redis.url}, which configures the Lettuce client and chooses the broker.
 * Properties set explicitly win over it.
 */
class RedisEnvironmentPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("REDIS_URL");
        if (StringUtils.hasText(url)) {
            environment.getPropertySources().addLast(new MapPropertySource("servicehubRedis",
                    Map.of("spring.data.redis.url", url.trim())));
        }
    }
}
