package dev.zen.gateway.security;

import dev.zen.schemas.ApiKey;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by a service account's API key: its roles as {@code ROLE_} authorities. Holds no secret. */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final ApiKey key;

    ApiKeyAuthentication(ApiKey key) {
        super(key.roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList());
        this.key = key;
        setAuthenticated(true);
    }

    ApiKey key() {
        return key;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return "key:" + key.name();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKeyAuthentication that && that.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }
}
