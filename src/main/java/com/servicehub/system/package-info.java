/**
 * Cross-cutting configuration shared by every module: where the database is, how JSON and
 * timestamps look on the wire, how blocking controllers run under WebFlux, and how errors
 * become RFC 9457 problem details.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "System",
        type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package com.servicehub.system;
