package dev.zen.gateway.mcp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/**
 * What every gateway replica must know of an MCP session: the negotiated protocol version, what the
 * client said of itself, whether it completed initialization, and the log level it asked for. Kept
 * in a {@link SessionStore}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SessionState(String id, String protocolVersion, JsonNode clientInfo, JsonNode clientCapabilities, boolean initialized,
        long createdAt, String logLevel) {

    SessionState withInitialized() {
        return new SessionState(id, protocolVersion, clientInfo, clientCapabilities, true, createdAt, logLevel);
    }

    /** The least severe level of {@code notifications/message} the client wants ({@code logging/setLevel}); null = server default. */
    SessionState withLogLevel(String level) {
        return new SessionState(id, protocolVersion, clientInfo, clientCapabilities, initialized, createdAt, level);
    }
}
