package com.servicehub.bench;

import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Events made through the REST API, timed from the start of the call: either status changes
 * (PATCH .../status by the assigned technician, walking every booking through
 * en_route → arrived → in_progress → completed) or location reports (POST .../location by the
 * assigned technician; the booking is en_route). Calls are asynchronous with a bound on calls in
 * flight; when the bound is reached the pacing thread waits, and the achieved rate drops below
 * the target in the report.
 */
final class RestPublisher implements RateDriver.Publisher {

    enum Kind {
        STATUS,
        LOCATION
    }

    /** The transitions after assignment, in order (CONTRACT §2). */
    static final String[] STATUSES = {"en_route", "arrived", "in_progress", "completed"};

    private final Kind kind;
    private final RestApi api;
    private final Fleet fleet;
    private final Deliveries deliveries;
    private final Errors errors;
    private final List<BookingRef> bookings;
    private final BookingFixture.Setup setup;
    private final StatusChangeLedger ledger;
    private final Semaphore inFlight;
    private final ByteBuilder body = new ByteBuilder(96);
    private boolean exhausted;

    RestPublisher(
            Kind kind,
            RestApi api,
            Fleet fleet,
            Deliveries deliveries,
            Errors errors,
            BookingFixture.Setup setup,
            StatusChangeLedger ledger,
            int maxInFlight) {
        this.kind = kind;
        this.api = api;
        this.fleet = fleet;
        this.deliveries = deliveries;
        this.errors = errors;
        this.setup = setup;
        this.bookings = setup.bookings();
        this.ledger = ledger;
        this.inFlight = new Semaphore(maxInFlight);
    }

    /**
     * Status change {@code seq} is booking {@code seq mod B}'s transition number {@code seq / B}:
     * round-robin, so consecutive changes of one booking are B changes apart and never race.
     */
    static int statusRound(long seq, int bookings) {
        return (int) (seq / bookings);
    }

    @Override
    public void publish(long seq) throws Exception {
        int room = (int) (seq % bookings.size());
        BookingRef booking = bookings.get(room);
        String path;
        String json;
        String status = null;
        if (kind == Kind.STATUS) {
            int round = statusRound(seq, bookings.size());
            if (round >= STATUSES.length) {
                if (!exhausted) {
                    exhausted = true;
                    System.err.println("warning: every booking is completed; give more --bookings");
                }
                errors.record("booking pool exhausted");
                return;
            }
            status = STATUSES[round];
            path = RestApi.statusPath(booking.id());
            json = RestApi.statusBody(status);
        } else {
            path = RestApi.locationPath(booking.id());
            json = null;
        }
        inFlight.acquire();
        long at = deliveries.elapsed(System.nanoTime());
        if (kind == Kind.LOCATION) {
            body.reset().append((byte) '{');
            SendStamp.appendCoordinates(body, at);
            json = body.append((byte) '}').toString();
        } else {
            ledger.started(booking.id(), status, at);
        }
        int members = fleet.members(room);
        deliveries.published(at, members);
        String method = kind == Kind.STATUS ? "PATCH" : "POST";
        int expected = kind == Kind.STATUS ? 200 : 202;
        api.send(method, path, setup.tokenOf(booking.technicianId()), json).whenComplete((response, failure) -> {
            inFlight.release();
            if (failure != null) {
                deliveries.unpublished(at, members);
                errors.record(method + " " + Fleet.describe(failure));
            } else if (response.statusCode() != expected) {
                deliveries.unpublished(at, members);
                errors.record("http " + response.statusCode() + " " + method + " "
                        + (kind == Kind.STATUS ? "status" : "location"));
            }
        });
    }
}
