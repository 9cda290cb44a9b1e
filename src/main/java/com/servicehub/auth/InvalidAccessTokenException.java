package com.servicehub.auth;

/** An access token that is not acceptable, and whether only its lifetime is the reason. */
public class InvalidAccessTokenException extends RuntimeException {

    private final boolean expired;

    InvalidAccessTokenException(String message, boolean expired) {
        super(message, null, false, false);
        this.expired = expired;
    }

    public boolean expired() {
        return expired;
    }
}
