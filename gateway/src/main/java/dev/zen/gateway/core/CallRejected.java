package dev.zen.gateway.core;

import java.util.List;

/**
 * A call refused before anything was published: an unknown tool or arguments that do not fit the
 * tool's input schema. The MCP adapter answers -32602, the REST adapter 404 or 400.
 */
public final class CallRejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Reason { UNKNOWN_TOOL, INVALID_ARGUMENTS }

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
