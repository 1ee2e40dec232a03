package dev.zen.gateway.mcp;

import java.util.List;

/** The MCP revisions this gateway speaks, newest first, and the header names of the transport. */
final class McpProtocol {

    static final List<String> SUPPORTED_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");
    static final String LATEST = SUPPORTED_VERSIONS.get(0);
    /** What a request without the version header is taken to speak (the spec's backwards-compatibility rule). */
    static final String DEFAULT_WITHOUT_HEADER = "2025-03-26";

    /** The syslog severities of {@code logging/setLevel}, least severe first. */
    static final List<String> LOG_LEVELS = List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";

    private McpProtocol() {
    }
}
