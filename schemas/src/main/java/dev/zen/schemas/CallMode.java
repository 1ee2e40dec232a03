package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a caller waits for the reply ({@code sync}) or is told later ({@code async}). */
public enum CallMode {
    SYNC("sync"),
    ASYNC("async");

    private final String wire;

    CallMode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
