package com.servicehub.auth;

import java.time.Instant;

/** What a valid access token proves: who is calling, and until when. */
public record VerifiedToken(CurrentUser user, Instant expiresAt) {}
