package com.servicehub.auth;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * REST security: stateless bearer tokens checked by the resource server, public auth endpoints,
 * admin-only {@code /api/v2/admin/**}. Failures answer problem details like every other error.
 * The WebSocket at {@code /ws} is let through untouched and checks its own token.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    /**
     * Paths this chain lets through. They ignore an Authorization header, so a stale token cannot lock
     * a client out of them. {@code /ws} checks its own token: a bad one must still complete the
     * upgrade and close with 1008 (CONTRACT §3), not answer 401 here. {@code /}, {@code /index.html} and
     * {@code /assets/**} are the demo app's static files (clients/demo, packaged into the jar).
     */
    private static final String[] PUBLIC = {
        "/api/v2/auth/**",
        "/ws",
        "/",
        "/index.html",
        "/assets/**",
        "/favicon.svg",
        "/actuator/health",
        "/actuator/health/**",
        "/actuator/info",
        "/livez",
        "/readyz",
        "/v3/api-docs",
        "/v3/api-docs/**",
        "/swagger-ui.html",
        "/swagger-ui/**",
        "/webjars/**"
    };

    private static final String PROMETHEUS = "/actuator/prometheus";

    private static final String TOKEN_REQUIRED = "A valid access token is required";
    private static final String TOKEN_EXPIRED = "The access token has expired";
    private static final String TOKEN_INVALID = "The access token is not valid";

    /**
     * Whether {@code /actuator/prometheus} on the app port answers without a token:
     * {@code servicehub.management.public-prometheus} ({@code PUBLIC_PROMETHEUS}), by default only on
     * the embedded database. In production (DATABASE_URL set) a scraper sends an admin token there,
     * or better scrapes the management port ({@code MANAGEMENT_PORT}), which is open to whoever can
     * reach it and should be reachable from inside the network only.
     */
    static boolean publicPrometheus(Environment environment) {
        Boolean configured = environment.getProperty("servicehub.management.public-prometheus", Boolean.class);
        return configured != null
                ? configured
                : environment.getProperty("servicehub.database.embedded", Boolean.class, true);
    }

    @Bean
    SecurityWebFilterChain apiSecurity(
            ServerHttpSecurity http,
            AccessTokens tokens,
            JsonMapper json,
            Environment environment,
            ApplicationContext application) {
        // A request on the management port is handled by the management child context.
        ServerWebExchangeMatcher managementPort =
                exchange -> exchange.getApplicationContext() != null && exchange.getApplicationContext() != application
                        ? MatchResult.match()
                        : MatchResult.notMatch();
        String[] open = publicPrometheus(environment) ? append(PUBLIC, PROMETHEUS) : PUBLIC;
        ReactiveJwtDecoder decoder =
                token -> Mono.fromCallable(() -> tokens.decoder().decode(token));
        ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> unauthorized(exchange, json, ex);
        ServerAccessDeniedHandler forbidden =
                (exchange, ex) -> problem(exchange, json, HttpStatus.FORBIDDEN, "Your role may not do this", null);
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                // The CorsConfigurationSource bean (system.CorsConfiguration): preflights are answered before any token
                // check.
                .cors(Customizer.withDefaults())
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> exchanges
                        .matchers(managementPort)
                        .permitAll()
                        .pathMatchers(open)
                        .permitAll()
                        .pathMatchers("/api/v2/admin/**", "/actuator/**")
                        .hasRole(Role.ADMIN.name())
                        .anyExchange()
                        .authenticated())
                .oauth2ResourceServer(server -> server.bearerTokenConverter(bearerTokenOutsidePublicPaths(open))
                        .jwt(jwt -> jwt.jwtDecoder(decoder)
                                .jwtAuthenticationConverter(token -> Mono.just(new CallerAuthentication(
                                        AccessTokens.toVerified(token).user(), token))))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(handling ->
                        handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .build();
    }

    private static String[] append(String[] paths, String path) {
        String[] all = java.util.Arrays.copyOf(paths, paths.length + 1);
        all[paths.length] = path;
        return all;
    }

    private static ServerAuthenticationConverter bearerTokenOutsidePublicPaths(String[] paths) {
        ServerBearerTokenAuthenticationConverter bearer = new ServerBearerTokenAuthenticationConverter();
        ServerWebExchangeMatcher open = ServerWebExchangeMatchers.pathMatchers(paths);
        return exchange ->
                open.matches(exchange).flatMap(match -> match.isMatch() ? Mono.empty() : bearer.convert(exchange));
    }

    /** 401, telling an expired token (the client should refresh) from a bad one (log in again) and from none. */
    private static Mono<Void> unauthorized(ServerWebExchange exchange, JsonMapper json, AuthenticationException ex) {
        if (!(ex instanceof OAuth2AuthenticationException)) {
            return problem(exchange, json, HttpStatus.UNAUTHORIZED, TOKEN_REQUIRED, "Bearer");
        }
        String detail = expired(ex) ? TOKEN_EXPIRED : TOKEN_INVALID;
        return problem(
                exchange,
                json,
                HttpStatus.UNAUTHORIZED,
                detail,
                "Bearer error=\"invalid_token\", error_description=\"" + detail + "\"");
    }

    private static boolean expired(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof JwtValidationException invalid
                    && invalid.getErrors().stream()
                            .anyMatch(error -> AccessTokens.EXPIRED.equals(error.getDescription()))) {
                return true;
            }
        }
        return false;
    }

    private static Mono<Void> problem(
            ServerWebExchange exchange, JsonMapper json, HttpStatus status, String detail, String challenge) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", exchange.getRequest().getPath().value());
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (challenge != null) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        DataBuffer buffer =
                response.bufferFactory().wrap(json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }
}
