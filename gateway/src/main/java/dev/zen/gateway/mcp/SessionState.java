package dev.zen.gateway.mcp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/**
 * What every gateway replica must know of an MCP session: the negotiated protocol version, what the
 * client said of itself, and whether it completed initialization. Kept in a {@link SessionStore}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SessionState(String id, String protocolVersion, JsonNode clientInfo, JsonNode clientCapabilities, boolean initialized,
        long createdAt) {

    SessionState withInitialized() {
        return new SessionState(id, protocolVersion, clientInfo, clientCapabilities, true, createdAt);
    }
}
