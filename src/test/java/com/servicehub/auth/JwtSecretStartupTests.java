package com.servicehub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.servicehub.ServiceHubApplication;

/** A node on a shared database without JWT_SECRET would issue tokens no other node accepts: it must not start. */
class JwtSecretStartupTests {

    @Test
    void aSharedDatabaseWithoutJwtSecretDoesNotStart() {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(ServiceHubApplication.class)
                .properties(
                        "DATABASE_URL=" + env("TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
                        "spring.datasource.username=" + env("TEST_DATABASE_USER", "postgres"),
                        "spring.datasource.password=" + env("TEST_DATABASE_PASSWORD", ""),
                        "JWT_SECRET=",
                        "servicehub.auth.jwt-secret=",
                        "server.port=0",
                        "spring.main.banner-mode=off");

        assertThatThrownBy(() -> {
                    try (ConfigurableApplicationContext context = builder.run()) {
                        // reaching this line is the failure
                    }
                })
                .satisfies(failure -> assertThat(rootCause(failure).getMessage())
                        .contains("JWT_SECRET is required when DATABASE_URL is set"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
