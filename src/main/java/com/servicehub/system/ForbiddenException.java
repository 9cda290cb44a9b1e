package com.servicehub.system;

/** The caller is authenticated and may see the resource, but its role may not do this (403). */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String detail) {
        super(detail);
    }
}
