package dev.zen.gateway.mcp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * What every gateway replica must know of an MCP session: the negotiated protocol version, what the
 * client said of itself, whether it completed initialization, the log level it asked for, and the
 * resource URIs it subscribed to. Kept in a {@link SessionStore}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SessionState(String id, String protocolVersion, JsonNode clientInfo, JsonNode clientCapabilities, boolean initialized,
        long createdAt, String logLevel, Set<String> subscriptions) {

    SessionState {
        subscriptions = subscriptions == null ? Set.of() : Set.copyOf(subscriptions);
    }

    SessionState withInitialized() {
        return new SessionState(id, protocolVersion, clientInfo, clientCapabilities, true, createdAt, logLevel, subscriptions);
    }

    /** The least severe level of {@code notifications/message} the client wants ({@code logging/setLevel}); null = server default. */
    SessionState withLogLevel(String level) {
        return new SessionState(id, protocolVersion, clientInfo, clientCapabilities, initialized, createdAt, level, subscriptions);
    }

    SessionState withSubscription(String uri, boolean subscribed) {
        Set<String> next = new TreeSet<>(subscriptions);
        if (subscribed) {
            next.add(uri);
        } else {
            next.remove(uri);
        }
        return new SessionState(id, protocolVersion, clientInfo, clientCapabilities, initialized, createdAt, logLevel, next);
    }
}
