package com.servicehub.realtime;

/** The close codes and reasons clients see (CONTRACT §3, docs/websocket.md). */
final class CloseCodes {

    /** Shutdown, or the connection stopped answering pings: reconnect (elsewhere). */
    static final int GOING_AWAY = 1001;
    /** A binary frame. */
    static final int UNSUPPORTED_DATA = 1003;
    /** Bad, expired or foreign token, or sustained flooding. */
    static final int POLICY_VIOLATION = 1008;
    /** A text frame over the size limit. */
    static final int MESSAGE_TOO_BIG = 1009;
    /** The client read too slowly; reconnect and recover. */
    static final int TRY_AGAIN_LATER = 1013;

    static final String INVALID_TOKEN = "invalid token";
    static final String TOKEN_EXPIRED = "token expired";
    static final String TOO_MANY_CONNECTIONS = "too many connections";

    private CloseCodes() {}
}
