package com.servicehub.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.servicehub.auth.CurrentUser;
import com.servicehub.auth.Role;
import com.servicehub.system.ConflictException;

/** The guarded methods of {@link Ticket}, without Spring or a database. */
class TicketTests {

    private static final Instant NOW = Instant.parse("2024-10-02T19:00:00.000Z");

    private final CurrentUser creator = new CurrentUser(UUID.randomUUID(), Role.CUSTOMER);
    private final CurrentUser admin = new CurrentUser(UUID.randomUUID(), Role.ADMIN);

    @Test
    void aNewTicketIsOpenAndBelongsToItsCreator() {
        UUID booking = UUID.randomUUID();
        Ticket ticket = Ticket.open(creator, "Late technician", booking, NOW);

        assertThat(ticket.status()).isEqualTo(TicketStatus.OPEN);
        assertThat(ticket.creatorId()).isEqualTo(creator.id());
        assertThat(ticket.bookingId()).isEqualTo(booking);
        assertThat(ticket.createdAt()).isEqualTo(NOW);
    }

    @Test
    void onlyTheCreatorAndAdminsSeeATicket() {
        Ticket ticket = Ticket.open(creator, "Late technician", null, NOW);

        assertThat(ticket.isVisibleTo(creator)).isTrue();
        assertThat(ticket.isVisibleTo(admin)).isTrue();
        assertThat(ticket.isVisibleTo(new CurrentUser(UUID.randomUUID(), Role.CUSTOMER)))
                .isFalse();
        assertThat(ticket.isVisibleTo(new CurrentUser(UUID.randomUUID(), Role.TECHNICIAN)))
                .isFalse();
    }

    @Test
    void anOpenTicketTakesMessagesFromItsParticipants() {
        Ticket ticket = Ticket.open(creator, "Late technician", null, NOW);

        Message reply = ticket.post(admin, "We are on it", NOW.plusSeconds(5));

        assertThat(reply.ticketId()).isEqualTo(ticket.id());
        assertThat(reply.senderId()).isEqualTo(admin.id());
        assertThat(reply.message()).isEqualTo("We are on it");
        assertThat(reply.createdAt()).isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void aClosedTicketTakesNoMoreMessages() {
        Ticket closed = new Ticket(UUID.randomUUID(), creator.id(), "Late technician", TicketStatus.CLOSED, null, NOW);

        assertThatThrownBy(() -> closed.post(creator, "Hello?", NOW)).isInstanceOf(ConflictException.class);
    }
}
