package com.servicehub;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of the integration tests: the whole service on a random port against this machine's
 * PostgreSQL. Every subclass shares this exact configuration, so one application context
 * serves them all. Tests make their own users (random phones) and never depend on each other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(RecordedEvents.class)
public abstract class IntegrationTest {

    @LocalServerPort
    protected int port;

    protected TestApi api;
    protected TestUsers users;

    @BeforeEach
    void connectClient() {
        api = new TestApi(port);
        users = new TestUsers(api);
    }
}
