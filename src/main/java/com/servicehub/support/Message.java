package com.servicehub.support;

import java.time.Instant;
import java.util.UUID;

/** One message of a support conversation, as clients see it. */
record Message(UUID id, UUID ticketId, UUID senderId, String message, Instant createdAt) {}
