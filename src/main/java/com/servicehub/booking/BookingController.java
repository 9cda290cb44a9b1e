package com.servicehub.booking;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.servicehub.auth.CurrentUser;
import com.servicehub.system.IdempotentRequests;
import com.servicehub.system.InvalidRequestException;
import com.servicehub.system.NotFoundException;
import com.servicehub.system.QueryParameters;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * CONTRACT §2 Bookings. Input is checked before permissions, so a malformed request is a 400
 * whoever sends it; then a booking the caller may not see is a 404, a move their part in the
 * booking does not allow a 403, and a move the booking's state does not allow a 409.
 */
@RestController
@Tag(
        name = "Bookings",
        description = "Customers book a home service, an admin assigns a technician, the technician "
                + "reports progress and position.")
class BookingController {

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;

    private final BookingLifecycle lifecycle;
    private final BookingRepository bookings;
    private final IdempotentRequests idempotent;

    BookingController(BookingLifecycle lifecycle, BookingRepository bookings, IdempotentRequests idempotent) {
        this.lifecycle = lifecycle;
        this.bookings = bookings;
        this.idempotent = idempotent;
    }

    record NewBooking(
            @NotBlank @Size(max = 100, message = "must be at most 100 characters")
            String serviceType,

            @NotBlank @Size(max = 500, message = "must be at most 500 characters")
            String address,

            @NotBlank
            @BookableTime
            @Schema(
                    format = "date-time",
                    example = "2024-10-02T19:00:00.000Z",
                    description = "ISO-8601 instant with a zone (Z or an offset); not in the past (5 minutes of "
                            + "tolerance) and at most 365 days ahead; kept to the millisecond")
            String scheduledAt,

            @Size(max = 2000, message = "must be at most 2000 characters")
            String notes) {}

    record StatusChange(
            @NotBlank
            @Schema(
                    example = "en_route",
                    allowableValues = {
                        "pending",
                        "confirmed",
                        "assigned",
                        "en_route",
                        "arrived",
                        "in_progress",
                        "completed",
                        "cancelled"
                    })
            String status) {}

    record Assignment(@NotNull UUID technicianId) {}

    record LocationReport(
            @NotNull @DecimalMin("-90") @DecimalMax("90") @Schema(example = "24.7136")
            Double latitude,

            @NotNull @DecimalMin("-180") @DecimalMax("180") @Schema(example = "46.6753")
            Double longitude) {}

    record BookingPage(List<Booking> items, int page, int size, long total) {}

    @PostMapping("/api/v2/bookings")
    @Operation(
            operationId = "createBooking",
            summary = "Book a service (customers)",
            security = @SecurityRequirement(name = "bearer"),
            description = """
                    Creates a pending booking for the calling customer; other roles get 403. serviceType (1-100
                    characters) and address (1-500) are stored without surrounding whitespace, notes (at most 2000)
                    as sent. scheduledAt is an ISO-8601 instant with a zone; a time more than 5 minutes in the past
                    or more than 365 days ahead is refused with 400.""")
    ResponseEntity<Booking> book(
            @Valid @RequestBody NewBooking request,
            @Parameter(description = IDEMPOTENCY_KEY) @RequestHeader(name = IdempotentRequests.HEADER, required = false)
                    String idempotencyKey,
            @AuthenticationPrincipal CurrentUser caller) {
        return idempotent.once(caller.id(), idempotencyKey, "POST", "/api/v2/bookings", request, Booking.class, () -> {
            Instant scheduledAt = parseInstant("scheduledAt", request.scheduledAt());
            Booking booking = lifecycle.book(
                    caller, request.serviceType().strip(), request.address().strip(), scheduledAt, request.notes());
            return ResponseEntity.created(URI.create("/api/v2/bookings/" + booking.id()))
                    .body(booking);
        });
    }

    static final String IDEMPOTENCY_KEY =
            "A key of the client's choosing (e.g. a UUID per booking form) so a retry never "
                    + "books twice: the same key with the same body answers the first answer again (with header "
                    + "Idempotent-Replayed: true); the same key with another body is 409. Keys are per user and kept 24 hours.";

    @GetMapping("/api/v2/bookings")
    @Operation(
            operationId = "listBookings",
            summary = "List bookings",
            security = @SecurityRequirement(name = "bearer"),
            description = """
                    A customer's own bookings, a technician's currently assigned ones, all bookings for an admin;
                    newest first. page is 0-based (default 0); size defaults to 20 and is at most 100. A page or
                    size that is not a whole number in range is refused with 400.""")
    BookingPage list(
            @Parameter(
                            description = "0-based page number",
                            schema = @Schema(type = "integer", format = "int32", minimum = "0", defaultValue = "0"))
                    @RequestParam(name = "page", required = false)
                    String page,
            @Parameter(
                            description = "items per page, 1-100",
                            schema =
                                    @Schema(
                                            type = "integer",
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "100",
                                            defaultValue = "20"))
                    @RequestParam(name = "size", required = false)
                    String size,
            @AuthenticationPrincipal CurrentUser caller) {
        int pageNumber = wholeNumber("page", page, 0, 0, Integer.MAX_VALUE);
        int pageSize = wholeNumber("size", size, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        List<Booking> items = bookings.findVisibleTo(caller, (long) pageNumber * pageSize, pageSize);
        return new BookingPage(items, pageNumber, pageSize, bookings.countVisibleTo(caller));
    }

    @GetMapping("/api/v2/bookings/{id}")
    @Operation(
            operationId = "getBooking",
            summary = "One booking",
            security = @SecurityRequirement(name = "bearer"),
            description = "For its customer, its assigned technician and admins; 404 for anyone else, as for a "
                    + "booking that does not exist.")
    Booking get(@PathVariable UUID id, @AuthenticationPrincipal CurrentUser caller) {
        return visible(id, caller);
    }

    @PutMapping("/api/v2/bookings/{id}/technician")
    @Operation(
            operationId = "assignTechnician",
            summary = "Assign a technician (admin)",
            security = @SecurityRequirement(name = "bearer"),
            description = """
                    A pending or confirmed booking becomes assigned. While the job is under way (assigned,
                    en_route, arrived, in_progress) the technician can be replaced and the status stays as it
                    is; the previous technician loses access at once and their last reported position is
                    forgotten. A completed or cancelled booking answers 409. technicianId must be the id of a
                    user whose role is technician, else 400 with a field error on technicianId (an unknown id
                    and a non-technician answer the same). Non-admins who can see the booking get 403, others
                    404.""")
    Booking assign(
            @PathVariable UUID id,
            @Valid @RequestBody Assignment request,
            @AuthenticationPrincipal CurrentUser caller) {
        return lifecycle.assignTechnician(id, request.technicianId(), caller);
    }

    @PatchMapping("/api/v2/bookings/{id}/status")
    @Operation(
            operationId = "changeBookingStatus",
            summary = "Move a booking to another status",
            security = @SecurityRequirement(name = "bearer"),
            description = """
                    pending -> confirmed (admin); assigned -> en_route -> arrived -> in_progress -> completed
                    (assigned technician, admin); pending, confirmed or assigned -> cancelled (customer, admin).
                    A move not in this list is 409 whoever asks, including any move to assigned, which only
                    PUT .../technician makes. A listed move by someone who can see the booking but may not make
                    it is 403; someone who cannot see the booking gets 404. An unknown status value is 400.""")
    Booking changeStatus(
            @PathVariable UUID id,
            @Valid @RequestBody StatusChange request,
            @AuthenticationPrincipal CurrentUser caller) {
        BookingStatus target = BookingStatus.find(request.status())
                .orElseThrow(() -> new InvalidRequestException(
                        "status",
                        "must be one of "
                                + Arrays.stream(BookingStatus.values())
                                        .map(BookingStatus::value)
                                        .collect(Collectors.joining(", "))));
        return lifecycle.changeStatus(id, target, caller);
    }

    @PostMapping("/api/v2/bookings/{id}/location")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            operationId = "reportLocation",
            summary = "Report the technician's position",
            security = @SecurityRequirement(name = "bearer"),
            description = """
                    Only the assigned technician (others who can see the booking: 403; anyone else: 404), and
                    only while the booking is en_route, arrived or in_progress (else 409). latitude -90..90,
                    longitude -180..180. The position is kept as the booking's last known location, stamped
                    with the server's time; it does not change the booking's updatedAt.""")
    void reportLocation(
            @PathVariable UUID id,
            @Valid @RequestBody LocationReport report,
            @AuthenticationPrincipal CurrentUser caller) {
        lifecycle.reportLocation(id, report.latitude(), report.longitude(), caller);
    }

    @GetMapping("/api/v2/bookings/{id}/location")
    @Operation(
            operationId = "getLocation",
            summary = "The technician's last known position",
            security = @SecurityRequirement(name = "bearer"),
            description = "Visible as the booking is; 404 also when no position has been reported (yet, or since "
                    + "the technician was replaced).")
    BookingLocation location(@PathVariable UUID id, @AuthenticationPrincipal CurrentUser caller) {
        visible(id, caller);
        return bookings.findLocation(id)
                .orElseThrow(() -> new NotFoundException("No location reported for this booking"));
    }

    private Booking visible(UUID id, CurrentUser caller) {
        return bookings.findById(id)
                .filter(booking -> booking.isVisibleTo(caller))
                .orElseThrow(BookingLifecycle::notFound);
    }

    static Instant parseInstant(String field, String value) {
        try {
            return Instant.parse(value).truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException ex) {
            throw new InvalidRequestException(field, BookableTime.NOT_AN_INSTANT);
        }
    }

    static int wholeNumber(String name, String value, int fallback, int min, int max) {
        return QueryParameters.wholeNumber(name, value, fallback, min, max);
    }
}
