package com.servicehub.support;

import java.time.Instant;
import java.util.UUID;

/** A message was added to a ticket (the ticket's first message included). */
public record SupportMessagePosted(
        UUID ticketId, UUID ticketCreatorId, UUID messageId, UUID senderId, String message, Instant createdAt) {}
