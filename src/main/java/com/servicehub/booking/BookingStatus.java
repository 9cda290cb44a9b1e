package com.servicehub.booking;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A booking's lifecycle, spelled as on the wire. */
public enum BookingStatus {
    PENDING("pending"),
    CONFIRMED("confirmed"),
    ASSIGNED("assigned"),
    EN_ROUTE("en_route"),
    ARRIVED("arrived"),
    IN_PROGRESS("in_progress"),
    COMPLETED("completed"),
    CANCELLED("cancelled");

    private final String value;

    BookingStatus(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public static Optional<BookingStatus> find(String value) {
        return Arrays.stream(values())
                .filter(status -> status.value.equals(value))
                .findFirst();
    }

    @JsonCreator
    static BookingStatus fromJson(String value) {
        return find(value).orElseThrow(() -> new IllegalArgumentException("unknown status: " + value));
    }
}
