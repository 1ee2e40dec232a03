package dev.zen.worker.runtime;

import dev.zen.schemas.Principal;
import tools.jackson.databind.JsonNode;

/**
 * What a {@link ToolHandler} gets: the call id, the tool name, the arguments (already validated
 * against the tool's inputSchema by the gateway), the verified principal, the absolute deadline, and
 * the {@link ClientChannel} to the calling client (progress, logging, sampling, elicitation).
 */
public record ToolCall(String callId, String tool, JsonNode arguments, Principal principal, long deadline, ClientChannel client) {

    public ToolCall {
        client = client == null ? ClientChannel.NONE : client;
    }

    /** A call without a client to talk back to. */
    public ToolCall(String callId, String tool, JsonNode arguments, Principal principal, long deadline) {
        this(callId, tool, arguments, principal, deadline, ClientChannel.NONE);
    }

    /** Milliseconds left before the deadline. */
    public long remainingMillis() {
        return deadline - System.currentTimeMillis();
    }
}
