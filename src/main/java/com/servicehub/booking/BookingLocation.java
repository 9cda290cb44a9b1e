package com.servicehub.booking;

import java.time.Instant;
import java.util.UUID;

/** The last position the assigned technician reported for a booking, as {@code GET .../location} answers it. */
record BookingLocation(UUID bookingId, Coordinates location, Instant timestamp) {

    record Coordinates(double latitude, double longitude) {}
}
