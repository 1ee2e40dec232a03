package dev.zen.worker.runtime;

import java.util.List;

/** The MCP log levels (RFC 5424 severities), least severe first. */
final class McpLogLevels {

    static final List<String> ORDER = List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

    private McpLogLevels() {
    }

    /** Whether a message at {@code level} passes a client that asked for {@code threshold} (null: everything passes). */
    static boolean passes(String level, String threshold) {
        int at = ORDER.indexOf(level);
        return at >= 0 && (threshold == null || at >= Math.max(0, ORDER.indexOf(threshold)));
    }
}
