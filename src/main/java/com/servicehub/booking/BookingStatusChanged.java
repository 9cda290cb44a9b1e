package com.servicehub.booking;

import java.time.Instant;
import java.util.UUID;

/** A booking moved to {@code status}, by a status change or by assignment. */
public record BookingStatusChanged(
        UUID bookingId, UUID customerId, UUID technicianId, BookingStatus status, Instant occurredAt) {}
