package com.servicehub.support;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.servicehub.auth.CurrentUser;

/** Who may see a ticket: its creator and admins. A ticket that does not exist is not visible. */
@Component
public class TicketAccess {

    private final JdbcClient jdbc;

    TicketAccess(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean canView(UUID ticketId, CurrentUser user) {
        if (user.isAdmin()) {
            return jdbc.sql("SELECT COUNT(*) FROM support_tickets WHERE id = :id")
                            .param("id", ticketId)
                            .query(Long.class)
                            .single()
                    > 0;
        }
        return jdbc.sql("SELECT COUNT(*) FROM support_tickets WHERE id = :id AND creator_id = :user")
                        .param("id", ticketId)
                        .param("user", user.id())
                        .query(Long.class)
                        .single()
                > 0;
    }
}
