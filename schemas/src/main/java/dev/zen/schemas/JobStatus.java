package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

/** The status of a long job, as MCP tasks name it; the last three are terminal. */
public enum JobStatus {
    WORKING("working"),
    INPUT_REQUIRED("input_required"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled");

    private final String wire;

    JobStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** The status named {@code wire}, or null when there is none. */
    public static JobStatus of(String wire) {
        for (JobStatus status : values()) {
            if (status.wire.equals(wire)) {
                return status;
            }
        }
        return null;
    }
}
