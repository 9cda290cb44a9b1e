package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.validation.method.MethodValidationResult;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.ResponseStatusException;

/** Failures no auth endpoint can provoke over HTTP, checked on the advice itself. */
class ProblemDetailsAdviceTests {

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice();
    private final MockServerWebExchange exchange =
            MockServerWebExchange.from(MockServerHttpRequest.get("/api/v2/things"));

    @Test
    void constrainedParametersListTheirErrorsByName() throws Exception {
        Method method = ProblemDetailsAdviceTests.class.getDeclaredMethod("list", int.class, String.class);
        HandlerMethodValidationException ex = new HandlerMethodValidationException(MethodValidationResult.create(
                this,
                method,
                List.of(
                        result(new MethodParameter(method, 0), 0, "must be greater than or equal to 1"),
                        result(new MethodParameter(method, 1), "x", "size must be between 36 and 36"))));

        ResponseEntity<Object> response = advice.handleException(ex, exchange).block();

        ProblemDetail problem = (ProblemDetail) response.getBody();
        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(problem.getType()).isEqualTo(ProblemDetailsAdvice.VALIDATION);
        assertThat(problem.getProperties())
                .containsEntry(
                        "errors",
                        List.of(
                                new ProblemDetailsAdvice.FieldProblem("page", "must be greater than or equal to 1"),
                                new ProblemDetailsAdvice.FieldProblem("id", "size must be between 36 and 36")));
    }

    @Test
    void anOversizedBodyIsA400() {
        ResponseEntity<Object> response = advice.handleException(
                        new ContentTooLargeException(new DataBufferLimitException("limit")), exchange)
                .block();

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(((ProblemDetail) response.getBody()).getDetail()).isEqualTo("Request body is too large");
    }

    @Test
    void everyFrameworkProblemHasTypeTitleAndDetail() {
        for (HttpStatus status : new HttpStatus[] {
            HttpStatus.NOT_FOUND,
            HttpStatus.CONFLICT,
            HttpStatus.GONE,
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            HttpStatus.INTERNAL_SERVER_ERROR
        }) {
            ResponseEntity<Object> response = advice.handleException(new ResponseStatusException(status), exchange)
                    .block();

            ProblemDetail problem = (ProblemDetail) response.getBody();
            assertThat(response.getStatusCode().value()).isEqualTo(status.value());
            assertThat(problem.getType()).as(status.toString()).isNotNull();
            assertThat(problem.getTitle()).as(status.toString()).isNotBlank();
            assertThat(problem.getDetail()).as(status.toString()).isNotBlank();
        }
    }

    @Test
    void aFullWorkerPoolIsA503WithRetryAfter() {
        ResponseEntity<ProblemDetail> response = advice.overloaded(new RejectedExecutionException("queue full"));

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(response.getBody().getType()).isNotNull();
    }

    @Test
    void throttlingRoundsRetryAfterUpToWholeSeconds() {
        assertThat(advice.throttled(new TooManyRequestsException("slow down", Duration.ofMillis(1500)))
                        .getHeaders()
                        .getFirst("Retry-After"))
                .isEqualTo("2");
        assertThat(advice.throttled(new TooManyRequestsException("slow down", Duration.ofMillis(10)))
                        .getHeaders()
                        .getFirst("Retry-After"))
                .isEqualTo("1");
    }

    @Test
    void unexpectedErrorsRevealNothing() {
        ProblemDetail problem = advice.unexpected(new IllegalStateException("SELECT password_hash FROM users"));

        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getDetail()).doesNotContain("SELECT");
        assertThat(problem.getType()).isNotNull();
        assertThat(problem.getProperties()).isNull();
    }

    private static ParameterValidationResult result(MethodParameter parameter, Object value, String message) {
        return new ParameterValidationResult(
                parameter,
                value,
                List.of(new DefaultMessageSourceResolvable(new String[] {"Invalid"}, message)),
                null,
                null,
                null,
                (error, type) -> null);
    }

    @SuppressWarnings("unused")
    private void list(@RequestParam("page") int page, @PathVariable("id") String id) {}
}
