package dev.zen.schemas;

import java.util.List;

/**
 * The MCP log levels (RFC 5424 severities), least severe first: what {@link ClientContext#logLevel()}
 * holds, and the one rule the worker and the gateway both apply to a log message.
 */
public final class LogLevels {

    public static final List<String> ORDER = List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

    private LogLevels() {
    }

    /** Whether a message at {@code level} passes a client that asked for {@code threshold} (null: everything passes). */
    public static boolean passes(String level, String threshold) {
        int at = ORDER.indexOf(level);
        return at >= 0 && (threshold == null || at >= Math.max(0, ORDER.indexOf(threshold)));
    }
}
