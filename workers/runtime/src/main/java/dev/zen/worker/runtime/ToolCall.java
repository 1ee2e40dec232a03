package dev.zen.worker.runtime;

import dev.zen.schemas.Principal;
import tools.jackson.databind.JsonNode;

/**
 * What a {@link ToolHandler} gets: the call id, the tool name, the arguments (already validated
 * against the tool's inputSchema by the gateway), the verified principal and the absolute deadline.
 */
public record ToolCall(String callId, String tool, JsonNode arguments, Principal principal, long deadline) {

    /** Milliseconds left before the deadline. */
    public long remainingMillis() {
        return deadline - System.currentTimeMillis();
    }
}
