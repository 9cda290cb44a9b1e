/**
 * Identity: users and their roles, passwords, access tokens (HS256 JWTs that any node can check
 * without a database round trip), rotating refresh tokens with reuse detection, login and
 * registration throttling, and password hashing bounded to the node's cores. Its public face is
 * {@link com.servicehub.auth.CurrentUser}, {@link com.servicehub.auth.Role},
 * {@link com.servicehub.auth.Users} and {@link com.servicehub.auth.AccessTokens}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package com.servicehub.auth;
