package com.servicehub.auth;

import java.time.Instant;
import java.util.UUID;

/** A user as clients see it; password material never leaves the module. */
public record User(UUID id, String phone, String name, Role role, Instant createdAt) {}
