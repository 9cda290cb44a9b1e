/**
 * Bookings: a customer books a home service, an admin assigns a technician, the technician
 * reports progress and position. Every change is published as an event
 * ({@link com.servicehub.booking.BookingStatusChanged}, {@link com.servicehub.booking.TechnicianAssigned},
 * {@link com.servicehub.booking.TechnicianLocationReported}) that listeners see after commit;
 * {@link com.servicehub.booking.BookingAccess} answers who may see a booking.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Bookings")
package com.servicehub.booking;
