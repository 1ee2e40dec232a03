package dev.zen.gateway.core;

import java.util.List;

/**
 * A call refused before anything was published: an unknown tool, arguments that do not fit the
 * tool's input schema, or a caller whose roles may not call the tool. The MCP adapter answers -32602
 * (403 for a forbidden tool), the REST adapter 404, 400 or 403.
 */
public final class CallRejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Reason { UNKNOWN_TOOL, INVALID_ARGUMENTS, FORBIDDEN }

    private final Reason reason;
    private final transient List<dev.zen.schemas.RecordValidator.Violation> violations;

    public CallRejected(Reason reason, String message, List<dev.zen.schemas.RecordValidator.Violation> violations) {
        super(message);
        this.reason = reason;
        this.violations = List.copyOf(violations);
    }

    public Reason reason() {
        return reason;
    }

    public List<dev.zen.schemas.RecordValidator.Violation> violations() {
        return violations;
    }
}
