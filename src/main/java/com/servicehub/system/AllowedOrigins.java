package com.servicehub.system;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The browser origins that may use the service ({@code ALLOWED_ORIGINS}): one list for the
 * WebSocket's origin check and for CORS on the REST API, so a web app is either let in on both
 * or on neither. Empty (or {@code *}) means any origin.
 *
 * @param allowedOrigins origins such as {@code https://app.example}, compared exactly (scheme, host and port)
 */
@ConfigurationProperties("servicehub.web")
public record AllowedOrigins(@DefaultValue List<String> allowedOrigins) {

    public AllowedOrigins {
        allowedOrigins = allowedOrigins.stream()
                .map(String::strip)
                .filter(origin -> !origin.isEmpty())
                .toList();
    }

    public boolean any() {
        return allowedOrigins.isEmpty() || allowedOrigins.contains("*");
    }

    /** Whether a request with this {@code Origin} header may go on; no header (not a browser) always may. */
    public boolean allows(String origin) {
        return origin == null || any() || allowedOrigins.contains(origin);
    }
}
