package com.servicehub.system;

import java.time.Duration;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * CORS for the REST API, from {@link AllowedOrigins}. The security chain applies it before it
 * asks for a token, so a browser's preflight {@code OPTIONS} (which never carries one) is
 * answered here. Calls authenticate with a bearer header, never a cookie, so credentials stay
 * off; the {@code Location}, {@code Retry-After} and {@code WWW-Authenticate} answers are
 * readable by the page.
 */
@Configuration(proxyBeanMethods = false)
class CorsConfiguration {

    @Bean
    CorsConfigurationSource corsConfigurationSource(AllowedOrigins origins) {
        org.springframework.web.cors.CorsConfiguration api = new org.springframework.web.cors.CorsConfiguration();
        if (origins.any()) {
            api.addAllowedOriginPattern("*");
        } else {
            api.setAllowedOrigins(origins.allowedOrigins());
        }
        api.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        api.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, "Idempotency-Key"));
        api.setExposedHeaders(List.of(
                HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE, "Idempotent-Replayed"));
        api.setAllowCredentials(false);
        api.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/v2/**", api);
        return source;
    }
}
