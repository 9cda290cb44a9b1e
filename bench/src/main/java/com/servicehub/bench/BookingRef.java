package com.servicehub.bench;

/** A real booking created over REST, with its customer and (when assigned) technician. */
record BookingRef(String id, String customerId, String technicianId) {}
