package com.servicehub.support;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.servicehub.auth.CurrentUser;
import com.servicehub.system.IdempotentRequests;
import com.servicehub.system.InvalidRequestException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * CONTRACT §2 Support. A ticket is visible to its creator and to admins only; to anyone else it
 * answers 404, as if it did not exist.
 */
@RestController
@Tag(name = "Support", description = "Tickets and their conversation between a user and the admins.")
class SupportController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final SupportDesk desk;
    private final TicketRepository tickets;
    private final MessageRepository messages;
    private final IdempotentRequests idempotent;

    SupportController(
            SupportDesk desk, TicketRepository tickets, MessageRepository messages, IdempotentRequests idempotent) {
        this.desk = desk;
        this.tickets = tickets;
        this.messages = messages;
        this.idempotent = idempotent;
    }

    record NewTicket(
            @NotBlank @Size(max = 200, message = "must be at most 200 characters")
            String subject,

            @NotBlank @Size(max = 4000, message = "must be at most 4000 characters")
            String message,
            // Text, not UUID: a malformed id is then a field error beside the others, not a body that cannot be read.
            @Pattern(regexp = UUID_TEXT, message = "must be a UUID") @Schema(format = "uuid", nullable = true)
            String bookingId) {

        UUID booking() {
            return bookingId == null ? null : UUID.fromString(bookingId);
        }
    }

    static final String UUID_TEXT = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    record TicketStatusChange(
            @NotBlank
            @Pattern(regexp = "^(open|closed)$", message = "must be one of open, closed")
            @Schema(
                    allowableValues = {"open", "closed"},
                    example = "closed")
            String status) {}

    record NewMessage(
            @NotBlank @Size(max = 4000, message = "must be at most 4000 characters")
            String message) {}

    @PostMapping("/api/v2/support/tickets")
    @Operation(
            operationId = "createTicket",
            summary = "Open a support ticket",
            security = @SecurityRequirement(name = "bearer"),
            description = """
                    Any user. subject 1-200 characters (stored without surrounding whitespace), message 1-4000
                    (stored as sent) becomes the ticket's first message. bookingId is optional; when given it must
                    be a booking the caller can see, else 400 with a field error on bookingId (the same for a
                    booking that does not exist).""")
    ResponseEntity<Ticket> open(
            @Valid @RequestBody NewTicket request,
            @Parameter(description = IDEMPOTENCY_KEY) @RequestHeader(name = IdempotentRequests.HEADER, required = false)
                    String idempotencyKey,
            @AuthenticationPrincipal CurrentUser caller) {
        return idempotent.once(
                caller.id(), idempotencyKey, "POST", "/api/v2/support/tickets", request, Ticket.class, () -> {
                    Ticket ticket = desk.open(caller, request.subject().strip(), request.message(), request.booking());
                    return ResponseEntity.created(URI.create("/api/v2/support/tickets/" + ticket.id()))
                            .body(ticket);
                });
    }

    static final String IDEMPOTENCY_KEY = "A key of the client's choosing (e.g. a UUID per message typed) so a retry "
            + "never posts twice: the same key with the same body answers the first answer again (with header "
            + "Idempotent-Replayed: true); the same key with another body is 409. Keys are per user and kept 24 hours.";

    @GetMapping("/api/v2/support/tickets")
    @Operation(
            operationId = "listTickets",
            summary = "List tickets",
            security = @SecurityRequirement(name = "bearer"),
            description = "The caller's own tickets, every ticket for an admin; newest first.")
    List<Ticket> list(@AuthenticationPrincipal CurrentUser caller) {
        return tickets.findVisibleTo(caller);
    }

    @GetMapping("/api/v2/support/tickets/{id}")
    @Operation(
            operationId = "getTicket",
            summary = "One ticket",
            security = @SecurityRequirement(name = "bearer"),
            description = "For its creator and admins; 404 for anyone else.")
    Ticket get(@PathVariable UUID id, @AuthenticationPrincipal CurrentUser caller) {
        return visible(id, caller);
    }

    @PatchMapping("/api/v2/support/tickets/{id}")
    @Operation(
            operationId = "changeTicketStatus",
            summary = "Close or reopen a ticket",
            security = @SecurityRequirement(name = "bearer"),
            description = """
                    For the ticket's creator and admins (others: 404). status is open or closed; a closed ticket
                    takes no messages (409) until it is reopened. Setting the status it already has answers the
                    ticket unchanged. A change is pushed to support:<ticketId> and to user:<creatorId> as a
                    ticket_status frame, which clients that do not know it ignore.""")
    Ticket changeStatus(
            @PathVariable UUID id,
            @Valid @RequestBody TicketStatusChange request,
            @AuthenticationPrincipal CurrentUser caller) {
        return desk.changeStatus(id, TicketStatus.find(request.status()).orElseThrow(), caller);
    }

    @PostMapping("/api/v2/support/tickets/{id}/messages")
    @Operation(
            operationId = "postMessage",
            summary = "Post a message to a ticket",
            security = @SecurityRequirement(name = "bearer"),
            description = "For the ticket's creator and admins (others: 404). message is 1-4000 characters, not "
                    + "only whitespace, stored as sent. A closed ticket answers 409.")
    ResponseEntity<Message> post(
            @PathVariable UUID id,
            @Valid @RequestBody NewMessage request,
            @Parameter(description = IDEMPOTENCY_KEY) @RequestHeader(name = IdempotentRequests.HEADER, required = false)
                    String idempotencyKey,
            @AuthenticationPrincipal CurrentUser caller) {
        return idempotent.once(
                caller.id(),
                idempotencyKey,
                "POST",
                "/api/v2/support/tickets/" + id + "/messages",
                request,
                Message.class,
                () -> ResponseEntity.status(HttpStatus.CREATED).body(desk.post(id, caller, request.message())));
    }

    @GetMapping("/api/v2/support/tickets/{id}/messages")
    @Operation(
            operationId = "listMessages",
            summary = "Read a ticket's conversation",
            security = @SecurityRequirement(name = "bearer"),
            description = """
                    For the ticket's creator and admins (others: 404). Answers the latest `limit` messages (default
                    50, 1-200), oldest first. With `before` (the id of one of this ticket's messages) it answers the
                    latest `limit` messages that came before that one, so passing the first id of a page fetches the
                    page before it; an empty list means the start of the conversation. A `before` that is not a
                    message of this ticket, or a `limit` out of range, is 400.""")
    List<Message> messages(
            @PathVariable UUID id,
            @Parameter(
                            description = "id of a message of this ticket; only older messages are returned",
                            schema = @Schema(type = "string", format = "uuid"))
                    @RequestParam(name = "before", required = false)
                    String before,
            @Parameter(
                            description = "at most this many messages, 1-200",
                            schema =
                                    @Schema(
                                            type = "integer",
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "200",
                                            defaultValue = "50"))
                    @RequestParam(name = "limit", required = false)
                    String limit,
            @AuthenticationPrincipal CurrentUser caller) {
        int count = limit(limit);
        visible(id, caller);
        Long position = before == null
                ? null
                : messages.findPosition(id, messageId(before)).orElseThrow(SupportController::unknownBefore);
        return messages.findLatest(id, position, count);
    }

    private Ticket visible(UUID id, CurrentUser caller) {
        return tickets.findById(id)
                .filter(ticket -> ticket.isVisibleTo(caller))
                .orElseThrow(SupportDesk::ticketNotFound);
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ex) {
            // answered below like an out-of-range number
        }
        throw new InvalidRequestException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static UUID messageId(String value) {
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException ex) {
            throw unknownBefore();
        }
    }

    private static InvalidRequestException unknownBefore() {
        return new InvalidRequestException("before", "must be the id of a message of this ticket");
    }
}
