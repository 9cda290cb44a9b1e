package com.servicehub.system;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Turns the contract's {@code DATABASE_URL} into {@code spring.datasource.*}.
 *
 * <p>Accepts {@code postgres://user:pass@host:port/db}, {@code postgresql://...} and
 * {@code jdbc:postgresql:...}. Without it the service runs on an embedded H2 file database in
 * PostgreSQL mode under {@code ./data}, so a fresh clone starts with nothing else running.
 * Also publishes {@code servicehub.database.embedded} for the rules that differ between the two
 * (a required JWT secret, demo data by default).
 */
class DatabaseUrlEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String EMBEDDED_URL =
            "jdbc:h2:file:./data/servicehub;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
            environment
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "servicehubDatabase",
                            Map.of(
                                    "servicehub.database.embedded",
                                    environment
                                            .getProperty("spring.datasource.url")
                                            .startsWith("jdbc:h2:"))));
            return;
        }
        Map<String, Object> properties = new HashMap<>(toDataSourceProperties(environment.getProperty("DATABASE_URL")));
        environment.getPropertySources().addFirst(new MapPropertySource("servicehubDatabase", properties));
    }

    static Map<String, Object> toDataSourceProperties(String databaseUrl) {
        Map<String, Object> properties = new HashMap<>();
        if (!StringUtils.hasText(databaseUrl)) {
            properties.put("spring.datasource.url", EMBEDDED_URL);
            properties.put("spring.datasource.username", "sa");
            properties.put("spring.datasource.password", "");
            properties.put("servicehub.database.embedded", true);
            return properties;
        }
        properties.put("servicehub.database.embedded", false);
        String url = databaseUrl.trim();
        if (url.startsWith("jdbc:")) {
            properties.put("spring.datasource.url", url);
            return properties;
        }
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            throw invalid("it must be postgres://user:pass@host:port/db or a jdbc:postgresql: URL");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException ex) {
            // The exception's message quotes the URL, password included: say what is wrong without it.
            throw invalid("it is not a valid URL; percent-encode special characters in the user name and password");
        }
        if (uri.getHost() == null) {
            throw invalid("it names no host");
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            jdbc.append('?').append(uri.getRawQuery());
        }
        properties.put("spring.datasource.url", jdbc.toString());
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            properties.put("spring.datasource.username", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                properties.put("spring.datasource.password", decode(userInfo.substring(colon + 1)));
            }
        }
        return properties;
    }

    /** Percent-decoding only: in a URL's user info "+" is itself, not a space as in form encoding. */
    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException invalid(String reason) {
        return new IllegalArgumentException("DATABASE_URL cannot be used: " + reason);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
