package dev.zen.schemas;

/** Stable codes of {@link ToolError}: the values never change meaning once published. */
public enum ErrorCode {
    /** The deadline passed before the command could be run or finished. */
    DEADLINE_EXCEEDED("deadline_exceeded"),
    /** The worker does not serve the tool named in the command. */
    UNKNOWN_TOOL("unknown_tool"),
    /** The arguments do not fit the tool's input schema. */
    INVALID_ARGUMENTS("invalid_arguments"),
    /** The handler threw repeatedly; the command went to the dead-letter topic. */
    HANDLER_CRASHED("handler_crashed"),
    /** The record could not be decoded; it went to the dead-letter topic. */
    UNREADABLE_COMMAND("unreadable_command"),
    /** No live worker serves the tool. */
    SERVICE_UNAVAILABLE("service_unavailable"),
    /** The principal is not allowed to call the tool. */
    FORBIDDEN("forbidden"),
    /** The call was cancelled by its caller. */
    CANCELLED("cancelled"),
    /** The handler needs a client capability the client did not declare; {@code data.requiredCapabilities} names it. */
    MISSING_CAPABILITY("missing_capability"),
    /**
     * The worker running the call stopped before it replied, and the tool is not idempotent: it may
     * have been applied, so it was not run again. The caller decides whether to call again.
     */
    INTERRUPTED("interrupted");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
