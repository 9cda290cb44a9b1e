package com.servicehub.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;

import com.servicehub.ServiceHubApplication;

/**
 * Several real ServiceHub nodes in one JVM, each on its own port, sharing this machine's
 * PostgreSQL and a Redis, as behind a load balancer.
 */
public final class ClusterNodes implements AutoCloseable {

    public static final String SECRET = "test-secret-for-servicehub-integration-tests-0123456789";

    /** The database of the whole suite: {@code TEST_DATABASE_URL}, as in application-test.yml. */
    static final String DATABASE_URL =
            System.getenv().getOrDefault("TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test");

    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    /** One node that runs alone (no Redis, in-memory broker), for tests that need its settings or its life. */
    public static ClusterNodes startAlone(Map<String, Object> extra) {
        return start("", 1, extra);
    }

    /** {@code redisUrl} may be empty: the nodes then run alone, each with its own in-memory broker. */
    public static ClusterNodes start(String redisUrl, int count, Map<String, Object> extra) {
        return start(redisUrl, count, extra, new Class<?>[0]);
    }

    /**
     * As {@link #start(String, int, Map)}, with more configuration in every node: classes with
     * {@code @Bean} methods that are not annotated {@code @Configuration}, since component scanning
     * would otherwise add them to every node of every test.
     */
    public static ClusterNodes start(String redisUrl, int count, Map<String, Object> extra, Class<?>... sources) {
        ClusterNodes cluster = new ClusterNodes();
        for (int i = 0; i < count; i++) {
            Map<String, Object> properties = new java.util.HashMap<>(Map.of(
                    "server.port",
                    0,
                    "spring.datasource.url",
                    DATABASE_URL,
                    "spring.datasource.username",
                    "postgres",
                    "spring.datasource.password",
                    "",
                    "servicehub.auth.jwt-secret",
                    SECRET,
                    "servicehub.auth.seed-demo-data",
                    true,
                    "servicehub.realtime.node-id",
                    "test-node-" + (char) ('a' + i) + "-" + System.nanoTime()));
            if (!redisUrl.isEmpty()) {
                properties.put("spring.data.redis.url", redisUrl);
            }
            properties.put("servicehub.auth.throttle.max-failures-per-address", 1000);
            properties.put("servicehub.auth.registration.max-per-address", 1_000_000);
            properties.put("spring.jmx.enabled", false);
            // Many nodes live at once in one suite: each keeps few idle database connections, so
            // PostgreSQL's connection limit is not what a test runs into.
            properties.put("spring.datasource.hikari.minimum-idle", 1);
            properties.put("spring.datasource.hikari.maximum-pool-size", 8);
            properties.putAll(extra);
            // As command-line arguments, so they win over application.yml like real settings do.
            String[] arguments = properties.entrySet().stream()
                    .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                    .toArray(String[]::new);
            cluster.nodes.add(new SpringApplicationBuilder(ServiceHubApplication.class)
                    .sources(OwnNettyResources.class)
                    .sources(sources)
                    .run(arguments));
        }
        return cluster;
    }

    /**
     * Event loops of each node's own. With Reactor Netty's global resources (the default), closing
     * one node would dispose the loops every other node in this JVM still serves on.
     */
    static class OwnNettyResources {

        @Bean
        ReactorResourceFactory reactorResourceFactory() {
            ReactorResourceFactory factory = new ReactorResourceFactory();
            factory.setUseGlobalResources(false);
            return factory;
        }
    }

    public int size() {
        return nodes.size();
    }

    public int port(int node) {
        Environment environment = nodes.get(node).getEnvironment();
        return Integer.parseInt(environment.getProperty("local.server.port"));
    }

    public ConfigurableApplicationContext context(int node) {
        return nodes.get(node);
    }

    @Override
    public void close() {
        nodes.forEach(ConfigurableApplicationContext::close);
    }
}
