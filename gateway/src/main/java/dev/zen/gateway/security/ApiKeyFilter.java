package dev.zen.gateway.security;

import dev.zen.gateway.core.ApiKeyDirectory;
import dev.zen.schemas.ApiKey;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates service accounts by API key, sent as {@code X-API-Key: zen_…} or
 * {@code Authorization: Bearer zen_…}, against the hashes in the {@link ApiKeyDirectory}. A key
 * that is unknown, malformed or revoked gets the same 401 challenge as a bad token; a request
 * without a key goes on to the JWT resource server.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    private final ApiKeyDirectory directory;
    private final AuthenticationEntryPoint challenge;

    ApiKeyFilter(ApiKeyDirectory directory, AuthenticationEntryPoint challenge) {
        this.directory = directory;
        this.challenge = challenge;
    }

    /** The API key a request presents, or null when it presents none (a JWT is not one). */
    static String presentedKey(HttpServletRequest request) {
        String header = request.getHeader(HEADER);
        if (header != null) {
            return header.trim();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && authorization.substring(7).trim().startsWith(ApiKey.PREFIX)) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedKey(request);
        if (presented == null) {
            chain.doFilter(request, response);
            return;
        }
        String id = ApiKey.idOf(presented);
        Optional<ApiKey> key = id == null ? Optional.empty() : directory.byId(id).filter(k -> k.matches(presented));
        if (key.isEmpty()) {
            SecurityContextHolder.clearContext();
            challenge.commence(request, response, new InvalidBearerTokenException(id == null
                    ? "Expected an API key like zen_<id>_<secret>, but the key is malformed"
                    : "The API key is unknown or was revoked"));
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(key.get()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
