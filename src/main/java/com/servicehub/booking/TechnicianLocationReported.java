package com.servicehub.booking;

import java.time.Instant;
import java.util.UUID;

/** The assigned technician reported where they are. */
public record TechnicianLocationReported(UUID bookingId, double latitude, double longitude, Instant reportedAt) {}
