package com.servicehub.booking;

import java.time.Instant;
import java.util.UUID;

/**
 * A booking got a (new) technician. {@code previousTechnicianId} is the one who lost access, or
 * null when there was none (or when the same technician was assigned again).
 */
public record TechnicianAssigned(
        UUID bookingId, UUID customerId, UUID technicianId, UUID previousTechnicianId, Instant occurredAt) {}
