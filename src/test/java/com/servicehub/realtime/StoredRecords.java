package com.servicehub.realtime;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Bookings and tickets written straight into the database, so room access can be tested
 * against real rows while no REST endpoint creates them yet. Only inserts, for the test's own
 * users; nothing is ever deleted.
 */
final class StoredRecords {

    private final JdbcClient jdbc;

    StoredRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A booking of the customer, assigned to the technician when one is given. */
    UUID booking(UUID customerId, UUID technicianId) {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                INSERT INTO bookings (id, customer_id, technician_id, service_type, address, scheduled_at, notes, status,
                                      created_at, updated_at)
                VALUES (:id, :customer, :technician, 'plumbing', 'Riyadh', :scheduled, NULL, :status, :now, :now)""")
                .param("id", id).param("customer", customerId).param("technician", technicianId)
                .param("scheduled", Timestamp.from(Instant.now().plusSeconds(86_400)))
                .param("status", technicianId == null ? "pending" : "assigned").param("now", now)
                .update();
        return id;
    }

    /** An open support ticket of the creator. */
    UUID ticket(UUID creatorId) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO support_tickets (id, creator_id, subject, status, booking_id, created_at)
                VALUES (:id, :creator, 'Help', 'open', NULL, :now)""")
                .param("id", id).param("creator", creatorId).param("now", Timestamp.from(Instant.now()))
                .update();
        return id;
    }
}
