package com.servicehub.booking;

/**
 * Who a caller is to one particular booking. Permissions on a booking depend on this, not on the
 * role alone: a technician is only a party to the bookings currently assigned to them.
 */
enum Party {
    CUSTOMER,
    ASSIGNED_TECHNICIAN,
    ADMIN
}
