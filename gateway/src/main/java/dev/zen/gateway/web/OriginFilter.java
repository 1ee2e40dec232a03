package dev.zen.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * DNS-rebinding and cross-site protection for every endpoint but {@code /health}: a request whose
 * {@code Origin} is neither a loopback origin nor listed in {@code CORS_ORIGINS} is refused with 403,
 * and so is one whose {@code Host} is not a loopback name while the gateway listens on loopback (a
 * rebound DNS name pointing at 127.0.0.1). Requests without {@code Origin} (non-browser clients)
 * pass the origin check.
 */
@Component
public final class OriginFilter extends OncePerRequestFilter {

    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Set<String> allowedOrigins;
    private final boolean anyOrigin;
    private final boolean loopbackBind;

    public OriginFilter(dev.zen.gateway.GatewayProperties properties, @Value("${server.address:127.0.0.1}") String address)
            throws IOException {
        this.allowedOrigins = Arrays.stream(properties.corsOrigins().split(",")).map(String::trim).filter(o -> !o.isEmpty())
                .map(o -> o.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.anyOrigin = allowedOrigins.contains("*");
        this.loopbackBind = InetAddress.getByName(address).isLoopbackAddress();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return "/health".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        if (origin != null && !originAllowed(origin)) {
            refuse(response, "Forbidden: Origin '" + printable(origin) + "' is not allowed (see CORS_ORIGINS)");
            return;
        }
        String host = request.getServerName();
        if (loopbackBind && host != null && !LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
            refuse(response, "Forbidden: Host '" + printable(host) + "' is not a loopback name of this gateway");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean originAllowed(String origin) {
        String normalized = origin.trim().toLowerCase(Locale.ROOT);
        if (anyOrigin || allowedOrigins.contains(normalized)) {
            return true;
        }
        try {
            URI uri = URI.create(normalized);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null && LOOPBACK_HOSTS.contains(uri.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void refuse(HttpServletResponse response, String message) throws IOException {
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":"
                + quote(message) + "}}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(403);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String printable(String value) {
        String cut = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
