package com.servicehub.system;

import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The OpenAPI description at {@code /v3/api-docs} and Swagger UI at {@code /swagger-ui.html}.
 * Operations that need a caller name the {@code bearer} scheme.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "ServiceHub API", version = "v2",
        description = "REST API of the ServiceHub home-services back end: accounts and tokens, bookings, support. "
                + "Errors are RFC 9457 problem details. Live updates go over the WebSocket at /ws, which this "
                + "description does not cover."))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "The accessToken from POST /api/v2/auth/login or /api/v2/auth/refresh")
class OpenApiConfiguration {
}
