package com.servicehub.booking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.servicehub.auth.CurrentUser;
import com.servicehub.auth.Role;

/** Bookings and the last known position of their technician (columns of the same row). */
@Repository
class BookingRepository {

    private final JdbcClient jdbc;

    BookingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Booking booking) {
        jdbc.sql("""
                INSERT INTO bookings (id, customer_id, technician_id, service_type, address, scheduled_at, notes,
                                      status, created_at, updated_at)
                VALUES (:id, :customer, :technician, :serviceType, :address, :scheduledAt, :notes,
                        :status, :createdAt, :updatedAt)""")
                .param("id", booking.id())
                .param("customer", booking.customerId())
                .param("technician", booking.technicianId())
                .param("serviceType", booking.serviceType())
                .param("address", booking.address())
                .param("scheduledAt", utc(booking.scheduledAt()))
                .param("notes", booking.notes())
                .param("status", booking.status().value())
                .param("createdAt", utc(booking.createdAt()))
                .param("updatedAt", utc(booking.updatedAt()))
                .update();
    }

    /** What can change after booking: the technician, the status and when that happened. */
    void update(Booking booking) {
        jdbc.sql(
                        "UPDATE bookings SET technician_id = :technician, status = :status, updated_at = :updatedAt WHERE id = :id")
                .param("id", booking.id())
                .param("technician", booking.technicianId())
                .param("status", booking.status().value())
                .param("updatedAt", utc(booking.updatedAt()))
                .update();
    }

    Optional<Booking> findById(UUID id) {
        return jdbc.sql("SELECT * FROM bookings WHERE id = :id")
                .param("id", id)
                .query(BookingRepository::booking)
                .optional();
    }

    /**
     * The booking, locked until the transaction ends, so that concurrent status changes,
     * assignments and location reports of one booking are decided one after the other on fresh state.
     */
    Optional<Booking> findByIdForUpdate(UUID id) {
        return jdbc.sql("SELECT * FROM bookings WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query(BookingRepository::booking)
                .optional();
    }

    /** One page of the bookings {@code user} can see, newest first (ties broken by id so pages are stable). */
    List<Booking> findVisibleTo(CurrentUser user, long offset, int limit) {
        return jdbc.sql("SELECT * FROM bookings" + visibleTo(user)
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .param("user", user.id())
                .param("limit", limit)
                .param("offset", offset)
                .query(BookingRepository::booking)
                .list();
    }

    long countVisibleTo(CurrentUser user) {
        return jdbc.sql("SELECT COUNT(*) FROM bookings" + visibleTo(user))
                .param("user", user.id())
                .query(Long.class)
                .single();
    }

    /** Lists follow the role: a customer's own bookings, a technician's assigned ones, everything for an admin. */
    private static String visibleTo(CurrentUser user) {
        if (user.isAdmin()) {
            return "";
        }
        return user.is(Role.TECHNICIAN) ? " WHERE technician_id = :user" : " WHERE customer_id = :user";
    }

    void saveLocation(UUID bookingId, double latitude, double longitude, Instant at) {
        jdbc.sql("""
                UPDATE bookings SET last_latitude = :latitude, last_longitude = :longitude, last_location_at = :at
                WHERE id = :id""")
                .param("id", bookingId)
                .param("latitude", latitude)
                .param("longitude", longitude)
                .param("at", utc(at))
                .update();
    }

    /** A new technician has not reported yet; the previous one's position must not pass for theirs. */
    void forgetLocation(UUID bookingId) {
        jdbc.sql(
                        "UPDATE bookings SET last_latitude = NULL, last_longitude = NULL, last_location_at = NULL WHERE id = :id")
                .param("id", bookingId)
                .update();
    }

    Optional<BookingLocation> findLocation(UUID bookingId) {
        return jdbc.sql("""
                SELECT id, last_latitude, last_longitude, last_location_at FROM bookings
                WHERE id = :id AND last_location_at IS NOT NULL""")
                .param("id", bookingId)
                .query((rs, n) -> new BookingLocation(
                        rs.getObject("id", UUID.class),
                        new BookingLocation.Coordinates(rs.getDouble("last_latitude"), rs.getDouble("last_longitude")),
                        instant(rs, "last_location_at")))
                .optional();
    }

    private static Booking booking(ResultSet rs, int row) throws SQLException {
        return new Booking(
                rs.getObject("id", UUID.class),
                rs.getObject("customer_id", UUID.class),
                rs.getObject("technician_id", UUID.class),
                rs.getString("service_type"),
                rs.getString("address"),
                instant(rs, "scheduled_at"),
                rs.getString("notes"),
                BookingStatus.find(rs.getString("status")).orElseThrow(),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
