package com.servicehub.system;

/**
 * The resource does not exist, or the caller may not see it: the two answer the same 404 so
 * that nobody learns what exists by probing.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String detail) {
        super(detail);
    }
}
