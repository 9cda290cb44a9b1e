package com.servicehub.realtime;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * The one place that reads the contract's {@code REDIS_URL}, in one of three forms, and turns it
 * into Spring Boot's own {@code spring.data.redis.*} properties, which configure the Lettuce client
 * the broker uses:
 * <ul>
 * <li>{@code redis://[[user]:password@]host:port[/db]} (or {@code rediss://}): one Redis;</li>
 * <li>{@code redis-sentinel://[[user]:password@]host:port[,host:port...][/db]#master}: Redis behind
 * Sentinel, the password being the data nodes' (set {@code spring.data.redis.sentinel.password}
 * when the sentinels have one of their own);</li>
 * <li>{@code redis-cluster://[[user]:password@]host:port[,host:port...]}: Redis Cluster, any of its
 * nodes as seeds, with adaptive topology refresh.</li>
 * </ul>
 * Properties set explicitly win over it.
 */
class RedisEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String SENTINEL = "redis-sentinel://";
    static final String CLUSTER = "redis-cluster://";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("REDIS_URL");
        if (StringUtils.hasText(url)) {
            environment.getPropertySources().addLast(new MapPropertySource("servicehubRedis", properties(url.trim())));
        }
    }

    /** The Spring Boot properties a {@code REDIS_URL} stands for. */
    static Map<String, Object> properties(String url) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("servicehub.redis.enabled", "true");
        if (url.startsWith(SENTINEL)) {
            Parts parts = Parts.of(url.substring(SENTINEL.length()));
            if (parts.master == null) {
                throw new IllegalArgumentException("REDIS_URL: a redis-sentinel:// URL names its master after '#'");
            }
            properties.put("spring.data.redis.sentinel.master", parts.master);
            properties.put("spring.data.redis.sentinel.nodes", parts.hosts);
            parts.credentials(properties);
            if (parts.database != null) {
                properties.put("spring.data.redis.database", parts.database);
            }
        } else if (url.startsWith(CLUSTER)) {
            Parts parts = Parts.of(url.substring(CLUSTER.length()));
            properties.put("spring.data.redis.cluster.nodes", parts.hosts);
            properties.put("spring.data.redis.lettuce.cluster.refresh.adaptive", "true");
            properties.put("spring.data.redis.lettuce.cluster.refresh.period", "30s");
            parts.credentials(properties);
        } else {
            properties.put("spring.data.redis.url", url);
        }
        return properties;
    }

    /** {@code [[user]:password@]hosts[/db][#master]}. */
    private record Parts(String user, String password, String hosts, String database, String master) {

        static Parts of(String rest) {
            String master = null;
            int hash = rest.indexOf('#');
            if (hash >= 0) {
                master = decode(rest.substring(hash + 1));
                rest = rest.substring(0, hash);
            }
            String user = null;
            String password = null;
            int at = rest.lastIndexOf('@');
            if (at >= 0) {
                String info = rest.substring(0, at);
                rest = rest.substring(at + 1);
                int colon = info.indexOf(':');
                user = colon < 0 ? null : decode(info.substring(0, colon));
                password = decode(colon < 0 ? info : info.substring(colon + 1));
            }
            String database = null;
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                database = rest.substring(slash + 1);
                rest = rest.substring(0, slash);
                database = database.isEmpty() ? null : database;
            }
            if (rest.isBlank()) {
                throw new IllegalArgumentException("REDIS_URL names no host");
            }
            return new Parts(
                    StringUtils.hasText(user) ? user : null,
                    StringUtils.hasText(password) ? password : null,
                    rest,
                    database,
                    StringUtils.hasText(master) ? master : null);
        }

        void credentials(Map<String, Object> properties) {
            if (user != null) {
                properties.put("spring.data.redis.username", user);
            }
            if (password != null) {
                properties.put("spring.data.redis.password", password);
            }
        }

        private static String decode(String value) {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        }
    }
}
