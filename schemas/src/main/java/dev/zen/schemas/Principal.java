package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The caller as the gateway verified it. Never a raw token: only who, which roles, which tenant.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Principal(String subject, List<String> roles, String tenant) {

    public static final Principal ANONYMOUS = new Principal("anonymous", List.of(), null);

    public Principal {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("Expected a principal subject, but it was blank");
        }
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
