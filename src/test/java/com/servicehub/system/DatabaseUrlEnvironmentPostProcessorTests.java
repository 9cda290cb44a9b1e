package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class DatabaseUrlEnvironmentPostProcessorTests {

    @Test
    void postgresUrl() {
        assertThat(DatabaseUrlEnvironmentPostProcessor.toDataSourceProperties(
                        "postgres://app:secret@db.example.com:5432/servicehub"))
                .containsOnly(
                        entry("spring.datasource.url", "jdbc:postgresql://db.example.com:5432/servicehub"),
                        entry("spring.datasource.username", "app"),
                        entry("spring.datasource.password", "secret"),
                        entry("servicehub.database.embedded", false));
    }

    @Test
    void postgresqlSchemeAndNoPort() {
        assertThat(DatabaseUrlEnvironmentPostProcessor.toDataSourceProperties(
                        "postgresql://app:secret@db.example.com/servicehub"))
                .contains(
                        entry("spring.datasource.url", "jdbc:postgresql://db.example.com/servicehub"),
                        entry("spring.datasource.username", "app"),
                        entry("spring.datasource.password", "secret"));
    }

    @Test
    void queryParametersAreKept() {
        assertThat(
                        DatabaseUrlEnvironmentPostProcessor.toDataSourceProperties(
                                "postgres://app:secret@db.example.com:6543/servicehub?sslmode=require&application_name=servicehub"))
                .containsEntry(
                        "spring.datasource.url",
                        "jdbc:postgresql://db.example.com:6543/servicehub?sslmode=require&application_name=servicehub");
    }

    @Test
    void encodedCredentialsAreDecoded() {
        assertThat(DatabaseUrlEnvironmentPostProcessor.toDataSourceProperties(
                        "postgres://app%40corp:p%40ss%3Aw%2Frd%25@db.example.com:5432/servicehub"))
                .contains(
                        entry("spring.datasource.username", "app@corp"),
                        entry("spring.datasource.password", "p@ss:w/rd%"));
    }

    @Test
    void aPlusInAPasswordIsAPlus() {
        // In a URL's user info "+" is a plain character; only form encoding turns it into a space.
        assertThat(DatabaseUrlEnvironmentPostProcessor.toDataSourceProperties(
                        "postgres://app:a+b%2Bc@db:5432/servicehub"))
                .containsEntry("spring.datasource.password", "a+b+c");
    }

    @Test
    void userWithoutPasswordAndNoUserAtAll() {
        assertThat(DatabaseUrlEnvironmentPostProcessor.toDataSourceProperties(
                        "postgres://postgres@127.0.0.1:5432/test"))
                .containsEntry("spring.datasource.username", "postgres")
                .doesNotContainKey("spring.datasource.password");
        assertThat(DatabaseUrlEnvironmentPostProcessor.toDataSourceProperties("postgres://127.0.0.1/test"))
                .containsEntry("spring.datasource.url", "jdbc:postgresql://127.0.0.1/test")
                .doesNotContainKeys("spring.datasource.username", "spring.datasource.password");
    }

    @Test
    void ipv6Host() {
        assertThat(DatabaseUrlEnvironmentPostProcessor.toDataSourceProperties(
                        "postgres://app:secret@[::1]:5432/servicehub"))
                .containsEntry("spring.datasource.url", "jdbc:postgresql://[::1]:5432/servicehub");
    }

    @Test
    void jdbcUrlPassesThrough() {
        String jdbc = "jdbc:postgresql://db.example.com:5432/servicehub?user=app&password=secret";
        assertThat(DatabaseUrlEnvironmentPostProcessor.toDataSourceProperties(jdbc))
                .containsOnly(entry("spring.datasource.url", jdbc), entry("servicehub.database.embedded", false));
        assertThat(DatabaseUrlEnvironmentPostProcessor.toDataSourceProperties("  " + jdbc + "\n"))
                .containsEntry("spring.datasource.url", jdbc);
    }

    @Test
    void unsetMeansTheEmbeddedFileDatabase() {
        for (String unset : new String[] {null, "", "  "}) {
            Map<String, Object> properties = DatabaseUrlEnvironmentPostProcessor.toDataSourceProperties(unset);
            assertThat(properties)
                    .containsEntry("servicehub.database.embedded", true)
                    .containsEntry("spring.datasource.username", "sa");
            assertThat((String) properties.get("spring.datasource.url"))
                    .startsWith("jdbc:h2:file:./data/")
                    .contains("MODE=PostgreSQL")
                    .contains("DATABASE_TO_LOWER=TRUE");
        }
    }

    @Test
    void otherSchemesAreRefusedWithoutEchoingTheUrl() {
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        DatabaseUrlEnvironmentPostProcessor.toDataSourceProperties("mysql://app:hunter2@db/servicehub"))
                .withMessageContaining("DATABASE_URL")
                .withMessageNotContaining("hunter2");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DatabaseUrlEnvironmentPostProcessor.toDataSourceProperties(
                        "postgres://app:hun ter2@/servicehub"))
                .withMessageContaining("DATABASE_URL")
                .withMessageNotContaining("hun ter2");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DatabaseUrlEnvironmentPostProcessor.toDataSourceProperties("postgres:///servicehub"))
                .withMessageContaining("DATABASE_URL");
    }

    @Test
    void theEnvironmentGetsTheDerivedProperties() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("DATABASE_URL", "postgres://app:secret@db.example.com:5432/servicehub");

        new DatabaseUrlEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.datasource.url"))
                .isEqualTo("jdbc:postgresql://db.example.com:5432/servicehub");
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("app");
        assertThat(environment.getProperty("servicehub.database.embedded", Boolean.class))
                .isFalse();
    }

    @Test
    void anExplicitDataSourceUrlWins() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:h2:mem:x;MODE=PostgreSQL")
                .withProperty("DATABASE_URL", "postgres://app:secret@db.example.com:5432/servicehub");

        new DatabaseUrlEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:h2:mem:x;MODE=PostgreSQL");
        assertThat(environment.getProperty("servicehub.database.embedded", Boolean.class))
                .isTrue();

        MockEnvironment postgres =
                new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1/test");
        new DatabaseUrlEnvironmentPostProcessor().postProcessEnvironment(postgres, new SpringApplication());
        assertThat(postgres.getProperty("servicehub.database.embedded", Boolean.class))
                .isFalse();
    }

    @Test
    void noDatabaseUrlMeansEmbedded() {
        MockEnvironment environment = new MockEnvironment();

        new DatabaseUrlEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.datasource.url"))
                .isEqualTo(DatabaseUrlEnvironmentPostProcessor.EMBEDDED_URL);
        assertThat(environment.getProperty("servicehub.database.embedded", Boolean.class))
                .isTrue();
    }
}
