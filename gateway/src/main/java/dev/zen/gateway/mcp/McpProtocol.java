package dev.zen.gateway.mcp;

import java.util.List;

/** The MCP revisions this gateway speaks, newest first, and the header names of the transport. */
final class McpProtocol {

    static final List<String> SUPPORTED_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");
    static final String LATEST = SUPPORTED_VERSIONS.get(0);
    /** What a request without the version header is taken to speak (the spec's backwards-compatibility rule). */
    static final String DEFAULT_WITHOUT_HEADER = "2025-03-26";

    /** The syslog severities of {@code logging/setLevel}, least severe first. */
    static final List<String> LOG_LEVELS = dev.zen.schemas.LogLevels.ORDER;

    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";

    /** Whether SSE streams of this revision start with a priming event (id, empty data): 2025-11-25 and later. */
    static boolean primesStreams(String protocolVersion) {
        return protocolVersion != null && protocolVersion.compareTo("2025-11-25") >= 0;
    }

    /** Whether the revision has JSON-RPC batches: only 2025-03-26 (2025-06-18 removed them). */
    static boolean allowsBatches(String protocolVersion) {
        return "2025-03-26".equals(protocolVersion);
    }

    static final String INSTRUCTIONS =
            "Zen routes every tool call through Kafka to a worker group; tools/list shows the tools of live workers.";

    /** What the server offers; the same for both eras. */
    static tools.jackson.databind.node.ObjectNode capabilities() {
        tools.jackson.databind.node.ObjectNode capabilities = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        capabilities.putObject("tools").put("listChanged", true);
        capabilities.putObject("resources").put("subscribe", true).put("listChanged", true);
        capabilities.putObject("prompts").put("listChanged", true);
        capabilities.putObject("completions");
        capabilities.putObject("logging");
        return capabilities;
    }

    private McpProtocol() {
    }
}
