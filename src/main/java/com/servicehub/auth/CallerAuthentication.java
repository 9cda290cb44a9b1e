package com.servicehub.auth;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** A verified access token whose principal is the {@link CurrentUser} controllers ask for. */
class CallerAuthentication extends AbstractAuthenticationToken {

    private final CurrentUser caller;
    private final transient Jwt jwt;

    CallerAuthentication(CurrentUser caller, Jwt jwt) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + caller.role().name())));
        this.caller = caller;
        this.jwt = jwt;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return jwt;
    }

    @Override
    public CurrentUser getPrincipal() {
        return caller;
    }
}
