package com.servicehub.auth;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a user is to the product; spelled in lower case on the wire and in the database. */
public enum Role {
    CUSTOMER("customer"),
    TECHNICIAN("technician"),
    ADMIN("admin");

    private final String value;

    Role(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public static Optional<Role> find(String value) {
        return Arrays.stream(values()).filter(role -> role.value.equals(value)).findFirst();
    }

    @JsonCreator
    static Role fromJson(String value) {
        return find(value)
                .orElseThrow(() -> new IllegalArgumentException("must be one of customer, technician, admin"));
    }
}
