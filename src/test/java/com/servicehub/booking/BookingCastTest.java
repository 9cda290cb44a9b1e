package com.servicehub.booking;

import org.junit.jupiter.api.BeforeEach;

import com.servicehub.IntegrationTest;
import com.servicehub.TestBookings;
import com.servicehub.TestUsers.Session;

/**
 * Base of the booking tests: the people a booking involves, logged in once for every class that
 * extends this (each case books its own booking, so no case sees another's), and the booking
 * fixture on this test's client.
 */
abstract class BookingCastTest extends IntegrationTest {

    protected static Session customer;
    protected static Session otherCustomer;
    protected static Session technician;
    protected static Session otherTechnician;
    protected static Session admin;

    protected TestBookings bookings;

    @BeforeEach
    void meetTheCast() {
        bookings = new TestBookings(api);
        if (customer == null) {
            customer = users.customer();
            otherCustomer = users.customer();
            technician = users.technician();
            otherTechnician = users.technician();
            admin = users.admin();
        }
    }
}
