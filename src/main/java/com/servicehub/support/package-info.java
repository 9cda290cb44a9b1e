/**
 * Customer support: tickets and their messages between a user and the admins. Every message is
 * published as {@link com.servicehub.support.SupportMessagePosted} after commit;
 * {@link com.servicehub.support.TicketAccess} answers who may see a ticket.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Support")
package com.servicehub.support;
