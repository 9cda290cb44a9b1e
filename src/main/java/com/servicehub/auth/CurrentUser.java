package com.servicehub.auth;

import java.util.UUID;

/** The authenticated caller of a REST request or WebSocket, as its access token says. */
public record CurrentUser(UUID id, Role role) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public boolean is(Role other) {
        return role == other;
    }
}
