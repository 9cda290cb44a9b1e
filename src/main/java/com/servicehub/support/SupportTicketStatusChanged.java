package com.servicehub.support;

import java.time.Instant;
import java.util.UUID;

/** A ticket was closed or reopened by {@code changedBy} (its creator or an admin). */
public record SupportTicketStatusChanged(
        UUID ticketId, UUID ticketCreatorId, TicketStatus status, UUID changedBy, Instant occurredAt) {}
