package com.servicehub.support;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.servicehub.auth.CurrentUser;

/** Support tickets. */
@Repository
class TicketRepository {

    private final JdbcClient jdbc;

    TicketRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Ticket ticket) {
        jdbc.sql("""
                INSERT INTO support_tickets (id, creator_id, subject, status, booking_id, created_at)
                VALUES (:id, :creator, :subject, :status, :booking, :createdAt)""")
                .param("id", ticket.id())
                .param("creator", ticket.creatorId())
                .param("subject", ticket.subject())
                .param("status", ticket.status().value())
                .param("booking", ticket.bookingId())
                .param("createdAt", OffsetDateTime.ofInstant(ticket.createdAt(), ZoneOffset.UTC))
                .update();
    }

    Optional<Ticket> findById(UUID id) {
        return jdbc.sql("SELECT * FROM support_tickets WHERE id = :id")
                .param("id", id)
                .query(TicketRepository::ticket)
                .optional();
    }

    /** The ticket with its row locked until the transaction ends, so status changes of one ticket take turns. */
    Optional<Ticket> findByIdForUpdate(UUID id) {
        return jdbc.sql("SELECT * FROM support_tickets WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query(TicketRepository::ticket)
                .optional();
    }

    void updateStatus(UUID id, TicketStatus status) {
        jdbc.sql("UPDATE support_tickets SET status = :status WHERE id = :id")
                .param("id", id)
                .param("status", status.value())
                .update();
    }

    /** The tickets {@code user} can see, newest first: their own, or every ticket for an admin. */
    List<Ticket> findVisibleTo(CurrentUser user) {
        String where = user.isAdmin() ? "" : " WHERE creator_id = :user";
        return jdbc.sql("SELECT * FROM support_tickets" + where + " ORDER BY created_at DESC, id DESC")
                .param("user", user.id())
                .query(TicketRepository::ticket)
                .list();
    }

    private static Ticket ticket(ResultSet rs, int row) throws SQLException {
        return new Ticket(
                rs.getObject("id", UUID.class),
                rs.getObject("creator_id", UUID.class),
                rs.getString("subject"),
                TicketStatus.find(rs.getString("status")).orElseThrow(),
                rs.getObject("booking_id", UUID.class),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
