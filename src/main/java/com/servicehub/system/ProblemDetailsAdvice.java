package com.servicehub.system;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.core.codec.DecodingException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * The one place where failures become RFC 9457 problem details. Validation failures carry an
 * {@code errors} list of {@code {field, message}}; nothing internal (stack traces, SQL) leaks.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    static final URI VALIDATION = URI.create("/problems/validation");
    static final URI BLANK = URI.create("about:blank");
    private static final String TOO_LARGE = "Request body is too large";

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, ex.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException ex) {
        return problem(HttpStatus.CONFLICT, ex.getMessage());
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException ex) {
        return problem(HttpStatus.FORBIDDEN, ex.getMessage());
    }

    @ExceptionHandler(UnauthorizedException.class)
    ResponseEntity<ProblemDetail> unauthorized(UnauthorizedException ex) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(problem(HttpStatus.UNAUTHORIZED, ex.getMessage()));
    }

    @ExceptionHandler(TooManyRequestsException.class)
    ResponseEntity<ProblemDetail> throttled(TooManyRequestsException ex) {
        long seconds = Math.max(1, (ex.retryAfter().toMillis() + 999) / 1000);
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage()));
    }

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalid(InvalidRequestException ex) {
        return validation(ex.getMessage(), List.of(new FieldProblem(ex.field(), ex.getMessage())));
    }

    /** The bounded pool that runs REST controllers is full: a moment later it will not be. */
    @ExceptionHandler(RejectedExecutionException.class)
    ResponseEntity<ProblemDetail> overloaded(RejectedExecutionException ex) {
        log.warn("Refused a request: every REST worker is busy and the queue is full");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "The service is busy; try again in a moment"));
    }

    /**
     * The database cannot be reached (down, restarting, or every pooled connection busy past the
     * pool's timeout), or a transaction could not begin or end on it: a moment later it may. The
     * change was not made, or its outcome is unknown; a retry with the same {@code Idempotency-Key}
     * is safe either way.
     */
    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        TransientDataAccessException.class,
        RecoverableDataAccessException.class,
        CannotCreateTransactionException.class,
        TransactionSystemException.class
    })
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) {
        log.warn(
                "Answered 503: the database is not reachable ({})",
                ex.getClass().getSimpleName());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "2")
                .body(problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "The service cannot reach its database; try again in a moment"));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception ex) {
        log.error("Unhandled error", ex);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred");
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(
            WebExchangeBindException ex, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        List<FieldProblem> errors = ex.getBindingResult().getAllErrors().stream()
                .map(error -> new FieldProblem(
                        error instanceof FieldError field ? field.getField() : error.getObjectName(),
                        error.getDefaultMessage()))
                .toList();
        return Mono.just(ResponseEntity.badRequest().body(validation("Request validation failed", errors)));
    }

    /** Constraints on request parameters and path variables ({@code @Min}, {@code @Max}...), named like body fields. */
    @Override
    protected Mono<ResponseEntity<Object>> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            ServerWebExchange exchange) {
        if (!status.is4xxClientError()) {
            return super.handleHandlerMethodValidationException(ex, headers, status, exchange);
        }
        List<FieldProblem> errors = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            String parameter = parameterName(result.getMethodParameter());
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(new FieldProblem(
                        error instanceof FieldError field ? field.getField() : parameter, error.getDefaultMessage()));
            }
        }
        return Mono.just(ResponseEntity.badRequest().body(validation("Request validation failed", errors)));
    }

    private static String parameterName(MethodParameter parameter) {
        RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
        if (requestParam != null && !requestParam.name().isEmpty()) {
            return requestParam.name();
        }
        PathVariable pathVariable = parameter.getParameterAnnotation(PathVariable.class);
        if (pathVariable != null && !pathVariable.name().isEmpty()) {
            return pathVariable.name();
        }
        return parameter.getParameterName() != null
                ? parameter.getParameterName()
                : "arg" + parameter.getParameterIndex();
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(
            ServerWebInputException ex, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            // Only binding errors name a field; a syntax error also has a path, but the JSON itself is broken.
            if (cause instanceof DatabindException json && !json.getPath().isEmpty()) {
                String field = field(json.getPath());
                return Mono.just(ResponseEntity.badRequest()
                        .body(validation(
                                "Invalid value for '" + field + "'", List.of(new FieldProblem(field, message(json))))));
            }
        }
        return Mono.just(ResponseEntity.badRequest().body(validation(describe(ex), List.of())));
    }

    /** The contract answers every unusable body with 400, an oversized one included (Spring's default is 413). */
    @Override
    protected Mono<ResponseEntity<Object>> handleResponseStatusException(
            ResponseStatusException ex, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (status.value() == HttpStatus.CONTENT_TOO_LARGE.value()) {
            return Mono.just(ResponseEntity.badRequest().body(validation(TOO_LARGE, List.of())));
        }
        return super.handleResponseStatusException(ex, headers, status, exchange);
    }

    /**
     * Every problem that Spring builds for its own exceptions (404, 405, 406, 415...) leaves here with
     * the members the contract promises: Spring omits {@code type} and sometimes {@code detail}.
     */
    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(
            @Nullable Object body, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (body instanceof ProblemDetail problem) {
            complete(problem, status);
        }
        return super.createResponseEntity(body, headers, status, exchange);
    }

    private static void complete(ProblemDetail problem, HttpStatusCode status) {
        if (problem.getType() == null) {
            problem.setType(BLANK);
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        if (problem.getTitle() == null && known != null) {
            problem.setTitle(known.getReasonPhrase());
        }
        if (status.value() == HttpStatus.NOT_FOUND.value()) {
            // Spring's detail names its static-resource handler; a client only needs to know nothing is there.
            problem.setDetail("Nothing is served at this path");
        } else if (problem.getDetail() == null) {
            problem.setDetail(
                    switch (status.value()) {
                        case 415 -> "Send the body as application/json";
                        case 406 -> "The answer can only be application/json";
                        default -> known != null ? known.getReasonPhrase() : "The request failed";
                    });
        }
    }

    private static String describe(ServerWebInputException ex) {
        if (ex.getCause() instanceof DecodingException) {
            return "Malformed JSON or a value of the wrong type";
        }
        if (ex.getMethodParameter() != null && ex.getMethodParameter().getParameterName() != null) {
            return "Invalid value for '" + ex.getMethodParameter().getParameterName() + "'";
        }
        return ex.getReason() != null ? ex.getReason() : "Invalid request";
    }

    /** {@code address.latitude}, {@code items[2].name}: the path of the offending value in the body. */
    private static String field(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String message(DatabindException ex) {
        if (ex instanceof ValueInstantiationException invalid) {
            // A @JsonCreator that refuses a value says why in the words of its domain.
            return invalid.getCause() instanceof IllegalArgumentException reason && reason.getMessage() != null
                    ? reason.getMessage()
                    : "is not a valid value";
        }
        if (ex instanceof InvalidFormatException invalid
                && JsonConfiguration.NUL_MESSAGE.equals(invalid.getOriginalMessage())) {
            return JsonConfiguration.NUL_MESSAGE;
        }
        if (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> type = mismatch.getTargetType();
            if (type == String.class) {
                return "must be a string";
            }
            if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
                return "must be a number";
            }
            if (type == Boolean.class || type == boolean.class) {
                return "must be true or false";
            }
        }
        return "has the wrong type";
    }

    static ProblemDetail problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(BLANK);
        return problem;
    }

    private static ProblemDetail validation(String detail, List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(VALIDATION);
        problem.setTitle("Invalid request");
        problem.setProperties(Map.of("errors", errors));
        return problem;
    }

    record FieldProblem(String field, String message) {}
}
