package dev.zen.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The 401 of the MCP authorization spec: {@code WWW-Authenticate: Bearer resource_metadata="…"}
 * pointing at the RFC 9728 metadata (and {@code error="invalid_token"} when a token was presented
 * but failed), with a JSON-RPC error body that says why. Never echoes the token.
 */
final class BearerChallenge implements AuthenticationEntryPoint {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure) throws IOException {
        boolean presented = request.getHeader("Authorization") != null || request.getHeader(ApiKeyFilter.HEADER) != null;
        String reason = presented ? describe(failure)
                : "Authentication required: send Authorization: Bearer <token or API key>, or X-API-Key: <API key>";
        StringBuilder challenge = new StringBuilder("Bearer resource_metadata=\"")
                .append(metadataUrl(request)).append('"');
        if (presented) {
            challenge.append(", error=\"invalid_token\", error_description=\"").append(reason.replace("\"", "'")).append('"');
        }
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", challenge.toString());
        response.setContentType("application/json");
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":\"Unauthorized: "
                + reason.replace("\\", "\\\\").replace("\"", "'") + "\"}}").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Where the RFC 9728 metadata of {@code /mcp} is (served by Spring Security's metadata filter). */
    static String metadataUrl(HttpServletRequest request) {
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port) + "/.well-known/oauth-protected-resource/mcp";
    }

    private static String describe(AuthenticationException failure) {
        String message = failure instanceof InvalidBearerTokenException && failure.getMessage() != null ? failure.getMessage()
                : "the bearer token is not valid";
        // Nimbus messages name the failed check (expired, signature, issuer, audience); keep them short and token-free
        return message.length() > 200 ? message.substring(0, 200) : message;
    }
}
