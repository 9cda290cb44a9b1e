package com.servicehub.auth;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

/** What other modules may ask about users. */
@Component
public class Users {

    private final UserRepository users;

    Users(UserRepository users) {
        this.users = users;
    }

    public Optional<Role> roleOf(UUID userId) {
        return users.findById(userId).map(User::role);
    }
}
