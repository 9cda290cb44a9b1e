package com.servicehub.realtime;

/** The error codes of the {@code error} frame. None of them closes the connection. */
enum ErrorCode {
    FORBIDDEN,
    INVALID_ROOM,
    NOT_IN_ROOM,
    INVALID_MESSAGE,
    UNKNOWN_TYPE,
    TOO_MANY_ROOMS,
    RATE_LIMITED
}
