package dev.zen.worker.runtime;

import dev.zen.schemas.Principal;
import tools.jackson.databind.JsonNode;

/**
 * What a {@link ToolHandler} gets: the call id, the tool name, the arguments (already validated
 * against the tool's inputSchema by the gateway), the verified principal, the absolute deadline, the
 * {@link ClientChannel} to the calling client (progress, logging, sampling, elicitation), and the
 * {@link AuditFacts} the handler may fill for the audit ({@code call.facts().put("exitCode", 0)}).
 */
public record ToolCall(String callId, String tool, JsonNode arguments, Principal principal, long deadline, ClientChannel client,
        AuditFacts facts) {

    public ToolCall {
        client = client == null ? ClientChannel.NONE : client;
        facts = facts == null ? new AuditFacts() : facts;
    }

    /** A call with a client to talk back to, and no facts recorded yet. */
    public ToolCall(String callId, String tool, JsonNode arguments, Principal principal, long deadline, ClientChannel client) {
        this(callId, tool, arguments, principal, deadline, client, new AuditFacts());
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
