package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code ExecuteTool}: the command the gateway writes to a tool's topic, keyed by call id.
 *
 * <p>The deadline is absolute (epoch milliseconds): a worker that takes the command after it
 * answers {@link ToolOutcome#TIMEOUT} without running the tool. {@code attempt} starts at 1 and
 * grows when the same call is submitted again. Instances are immutable and thread safe.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolCommand(
        SchemaId schema,
        String callId,
        String tool,
        JsonNode arguments,
        Principal principal,
        CallMode mode,
        long deadline,
        ReplyTo replyTo,
        CallbackTarget callback,
        String idempotencyKey,
        int attempt,
        JsonNode progressToken,
        TraceContext trace,
        long createdAt,
        ClientContext client) {

    public ToolCommand {
        schema = schema == null ? SchemaId.TOOL_COMMAND : schema;
        require(callId, "callId");
        require(tool, "tool");
        arguments = arguments == null || arguments.isNull() ? JsonNodeFactory.instance.objectNode() : arguments;
        if (!arguments.isObject()) {
            throw new IllegalArgumentException("Expected 'arguments' to be an object, but was " + arguments.getNodeType());
        }
        principal = principal == null ? Principal.ANONYMOUS : principal;
        mode = mode == null ? CallMode.SYNC : mode;
        if (deadline <= 0) {
            throw new IllegalArgumentException("Expected a positive 'deadline' (epoch ms), but was " + deadline);
        }
        attempt = Math.max(attempt, 1);
    }

    /** Milliseconds left before the deadline at {@code nowMillis}; zero or less means expired. */
    public long remainingMillis(long nowMillis) {
        return deadline - nowMillis;
    }

    static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Expected '" + field + "' to be set, but it was blank");
        }
    }
}
