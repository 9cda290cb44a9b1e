package com.servicehub.system;

/** Missing or wrong credentials (401). The message is the same whatever exactly was wrong. */
public class UnauthorizedException extends RuntimeException {

    public UnauthorizedException(String detail) {
        super(detail);
    }
}
