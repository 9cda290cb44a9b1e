package com.servicehub.system;

/** A request that is well formed but clashes with the current state (409). */
public class ConflictException extends RuntimeException {

    public ConflictException(String detail) {
        super(detail);
    }
}
