package dev.zen.gateway.security;

import dev.zen.schemas.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is calling, as a {@link Principal} for commands: the verified token's (or API key's) subject,
 * roles and tenant, never the token itself. {@link Principal#ANONYMOUS} when authentication is off.
 */
public final class Callers {

    private Callers() {
    }

    /** The caller of the request this thread serves. */
    public static Principal current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            Jwt jwt = token.getToken();
            return new Principal(jwt.getSubject() == null ? "unknown" : jwt.getSubject(), roles(token.getAuthorities()),
                    jwt.getClaimAsString("tenant"));
        }
        if (authentication instanceof ApiKeyAuthentication key) {
            return key.key().principal();
        }
        return Principal.ANONYMOUS;
    }

    /** The roles among the authorities ({@code ROLE_x} → {@code x}), sorted and distinct. */
    static List<String> roles(Collection<? extends org.springframework.security.core.GrantedAuthority> authorities) {
        java.util.TreeSet<String> roles = new java.util.TreeSet<>();
        authorities.forEach(a -> {
            if (a.getAuthority().startsWith("ROLE_")) {
                roles.add(a.getAuthority().substring(5));
            }
        });
        return new ArrayList<>(roles);
    }

    /** Roles from a claim that is a list of strings, or one space-separated string (OAuth's {@code scope}). */
    static Collection<String> claimValues(Object claim) {
        LinkedHashSet<String> values = new LinkedHashSet<>();
        if (claim instanceof Collection<?> list) {
            list.forEach(v -> {
                if (v instanceof String s && !s.isBlank()) {
                    values.add(s);
                }
            });
        } else if (claim instanceof String text) {
            for (String part : text.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    values.add(part);
                }
            }
        }
        return values;
    }
}
