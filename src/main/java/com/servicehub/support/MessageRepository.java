package com.servicehub.support;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The messages of support tickets. Their order is the database's {@code seq}, not their
 * timestamps: two messages of one millisecond still have a definite order, and paging by a
 * message id cannot skip or repeat one.
 */
@Repository
class MessageRepository {

    private final JdbcClient jdbc;

    MessageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Message message) {
        jdbc.sql("""
                INSERT INTO support_messages (id, ticket_id, sender_id, message, created_at)
                VALUES (:id, :ticket, :sender, :message, :createdAt)""")
                .param("id", message.id())
                .param("ticket", message.ticketId())
                .param("sender", message.senderId())
                .param("message", message.message())
                .param("createdAt", OffsetDateTime.ofInstant(message.createdAt(), ZoneOffset.UTC))
                .update();
    }

    /** Where message {@code messageId} stands in ticket {@code ticketId}; empty when it is not one of its messages. */
    Optional<Long> findPosition(UUID ticketId, UUID messageId) {
        return jdbc.sql("SELECT seq FROM support_messages WHERE id = :id AND ticket_id = :ticket")
                .param("id", messageId)
                .param("ticket", ticketId)
                .query(Long.class)
                .optional();
    }

    /**
     * The latest {@code limit} messages of a ticket that come before {@code beforePosition} (all
     * when null), oldest first: what a chat screen shows, and how it pages back in history.
     */
    List<Message> findLatest(UUID ticketId, Long beforePosition, int limit) {
        List<Message> newestFirst = jdbc.sql("""
                SELECT * FROM support_messages
                WHERE ticket_id = :ticket AND seq < :before
                ORDER BY seq DESC LIMIT :limit""")
                .param("ticket", ticketId)
                .param("before", beforePosition != null ? beforePosition : Long.MAX_VALUE)
                .param("limit", limit)
                .query(MessageRepository::message)
                .list();
        List<Message> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    private static Message message(ResultSet rs, int row) throws SQLException {
        return new Message(
                rs.getObject("id", UUID.class),
                rs.getObject("ticket_id", UUID.class),
                rs.getObject("sender_id", UUID.class),
                rs.getString("message"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
