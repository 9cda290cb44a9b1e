package com.servicehub.auth;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.servicehub.system.ClientAddresses;
import com.servicehub.system.InvalidRequestException;
import com.servicehub.system.QueryParameters;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@RestController
@Validated
@Tag(name = "Auth")
class AuthController {

    static final String PHONE = "^\\+[1-9][0-9]{6,14}$";
    static final String PHONE_MESSAGE = "must be an E.164 phone number such as +966500000001";

    private final UserAccounts accounts;
    private final Logins logins;
    private final ClientAddresses clientAddresses;

    AuthController(UserAccounts accounts, Logins logins, ClientAddresses clientAddresses) {
        this.accounts = accounts;
        this.logins = logins;
        this.clientAddresses = clientAddresses;
    }

    record Registration(
            @NotBlank @Pattern(regexp = PHONE, message = PHONE_MESSAGE)
            String phone,

            @NotNull @Size(min = 8, max = 128) String password,
            @NotBlank @Size(max = 100) String name) {}

    /** A phone that is not E.164 cannot belong to anyone: 400, and no throttle count. */
    record Credentials(
            @NotBlank @Pattern(regexp = PHONE, message = PHONE_MESSAGE)
            String phone,

            @NotNull @Size(max = 128) String password) {}

    record RefreshRequest(@NotBlank @Size(max = 256) String refreshToken) {}

    record NewUser(
            @NotBlank @Pattern(regexp = PHONE, message = PHONE_MESSAGE)
            String phone,

            @NotNull @Size(min = 8, max = 128) String password,
            @NotBlank @Size(max = 100) String name,
            // Text checked here, not a Role read by Jackson: a wrong role is then reported with the other fields.
            @NotNull
            @Pattern(regexp = "^(customer|technician|admin)$", message = "must be one of customer, technician, admin")
            @Schema(allowableValues = {"customer", "technician", "admin"})
            String role) {}

    @PostMapping("/api/v2/auth/register")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "register", summary = "Register a customer account")
    User register(@Valid @RequestBody Registration registration, @Parameter(hidden = true) ServerHttpRequest request) {
        return accounts.register(
                registration.phone(), registration.password(), registration.name(), clientAddresses.of(request));
    }

    @PostMapping("/api/v2/auth/login")
    @Operation(operationId = "login", summary = "Log in with phone and password")
    Logins.Session login(
            @Valid @RequestBody Credentials credentials, @Parameter(hidden = true) ServerHttpRequest request) {
        return logins.login(credentials.phone(), credentials.password(), clientAddresses.of(request));
    }

    @PostMapping("/api/v2/auth/refresh")
    @Operation(operationId = "refreshTokens", summary = "Trade a refresh token for a new pair (the old one is rotated)")
    Logins.Session refresh(@Valid @RequestBody RefreshRequest body) {
        return logins.refresh(body.refreshToken());
    }

    @PostMapping("/api/v2/auth/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "logout", summary = "End the login that the refresh token belongs to")
    void logout(@Valid @RequestBody RefreshRequest body) {
        logins.logout(body.refreshToken());
    }

    @GetMapping("/api/v2/users/me")
    @Operation(
            operationId = "getCurrentUser",
            summary = "The calling user",
            security = @SecurityRequirement(name = "bearer"))
    User me(@AuthenticationPrincipal CurrentUser caller) {
        return accounts.get(caller.id());
    }

    @PostMapping("/api/v2/admin/users")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            operationId = "createUser",
            summary = "Create a user of any role (admin)",
            security = @SecurityRequirement(name = "bearer"))
    User createUser(@Valid @RequestBody NewUser user) {
        return accounts.create(
                user.phone(),
                user.password(),
                user.name(),
                Role.find(user.role()).orElseThrow());
    }

    record UserPage(List<User> items, int page, int size, long total) {}

    @GetMapping("/api/v2/admin/users")
    @Operation(
            operationId = "listUsers",
            summary = "List users, optionally of one role (admin)",
            security = @SecurityRequirement(name = "bearer"),
            description = """
                    Oldest first. role is customer, technician or admin (absent: every user), e.g. role=technician to
                    pick a technician for a booking. page is 0-based (default 0); size defaults to 20 and is at most
                    100. A role, page or size out of range is 400 naming it.""")
    UserPage listUsers(
            @Parameter(
                            description = "only users of this role",
                            schema =
                                    @Schema(
                                            type = "string",
                                            allowableValues = {"customer", "technician", "admin"}))
                    @RequestParam(name = "role", required = false)
                    String role,
            @Parameter(
                            description = "0-based page number",
                            schema = @Schema(type = "integer", format = "int32", minimum = "0", defaultValue = "0"))
                    @RequestParam(name = "page", required = false)
                    String page,
            @Parameter(
                            description = "items per page, 1-100",
                            schema =
                                    @Schema(
                                            type = "integer",
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "100",
                                            defaultValue = "20"))
                    @RequestParam(name = "size", required = false)
                    String size) {
        Role only = role == null
                ? null
                : Role.find(role.strip())
                        .orElseThrow(() ->
                                new InvalidRequestException("role", "must be one of customer, technician, admin"));
        int pageNumber = QueryParameters.wholeNumber("page", page, 0, 0, Integer.MAX_VALUE);
        int pageSize = QueryParameters.wholeNumber("size", size, 20, 1, 100);
        return new UserPage(
                accounts.list(only, (long) pageNumber * pageSize, pageSize),
                pageNumber,
                pageSize,
                accounts.count(only));
    }
}
