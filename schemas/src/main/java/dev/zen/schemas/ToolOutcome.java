package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a command ended, as the worker reports it.
 *
 * <ul>
 *   <li>{@code ok}: the tool ran and returned a result.
 *   <li>{@code tool_error}: the tool ran and reported a failure as data ({@code isError: true}).
 *   <li>{@code failed}: the worker could not run the tool (crash, bad record); see the error.
 *   <li>{@code cancelled}: the caller cancelled the call.
 *   <li>{@code timeout}: the deadline passed before the tool could finish (or start).
 *   <li>{@code rejected}: the worker refused the command (unknown tool, guard).
 * </ul>
 */
public enum ToolOutcome {
    OK("ok"),
    TOOL_ERROR("tool_error"),
    FAILED("failed"),
    CANCELLED("cancelled"),
    TIMEOUT("timeout"),
    REJECTED("rejected");

    private final String wire;

    ToolOutcome(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ToolOutcome fromWire(String wire) {
        for (ToolOutcome outcome : values()) {
            if (outcome.wire.equals(wire)) {
                return outcome;
            }
        }
        // a newer writer's outcome this reader does not know is a failure it cannot interpret
        return FAILED;
    }
}
