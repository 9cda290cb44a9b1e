package com.servicehub.booking;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.servicehub.auth.CurrentUser;

/**
 * Who may see a booking: its customer, its currently assigned technician, an admin. One
 * index-only lookup ({@code bookings_access}); a booking that does not exist is simply not visible.
 */
@Component
public class BookingAccess {

    private final JdbcClient jdbc;

    BookingAccess(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean canView(UUID bookingId, CurrentUser user) {
        if (user.isAdmin()) {
            return jdbc.sql("SELECT COUNT(*) FROM bookings WHERE id = :id")
                            .param("id", bookingId)
                            .query(Long.class)
                            .single()
                    > 0;
        }
        return jdbc.sql("""
                SELECT COUNT(*) FROM bookings
                WHERE id = :id AND (customer_id = :user OR technician_id = :user)""")
                        .param("id", bookingId)
                        .param("user", user.id())
                        .query(Long.class)
                        .single()
                > 0;
    }
}
