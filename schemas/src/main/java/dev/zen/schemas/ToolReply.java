package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/**
 * {@code ToolCompleted} / {@code ToolFailed}: the worker's answer to one {@link ToolCommand}, keyed
 * by call id.
 *
 * <p>Exactly one of {@code result} (an MCP {@code CallToolResult}: content, structuredContent,
 * isError) and {@code error} is set: {@code result} for {@code ok} and {@code tool_error},
 * {@code error} for every other outcome.
 *
 * <p>{@code facts} (optional, since v1 additively) is what the handler recorded for the audit about
 * what ran, e.g. {@code {"exitCode": 0}}: a JSON object of small values, never content or secrets.
 * The worker runtime sends it only with a {@code result}. The gateway writes it in the {@code detail} of the
 * call's end event on the audit topic and never shows it to the caller.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolReply(
        SchemaId schema,
        String callId,
        String tool,
        ToolOutcome outcome,
        CallToolResult result,
        ToolError error,
        WorkerRef worker,
        Timings timings,
        long completedAt,
        JsonNode facts) {

    /** A reply without audit facts. */
    public ToolReply(SchemaId schema, String callId, String tool, ToolOutcome outcome, CallToolResult result, ToolError error,
            WorkerRef worker, Timings timings, long completedAt) {
        this(schema, callId, tool, outcome, result, error, worker, timings, completedAt, null);
    }

    public ToolReply {
        schema = schema == null ? SchemaId.TOOL_REPLY : schema;
        ToolCommand.require(callId, "callId");
        if (outcome == null) {
            throw new IllegalArgumentException("Expected an 'outcome', but it was missing");
        }
        boolean carriesResult = outcome == ToolOutcome.OK || outcome == ToolOutcome.TOOL_ERROR;
        if (carriesResult && result == null) {
            throw new IllegalArgumentException("Expected a 'result' for outcome " + outcome.wire() + ", but it was missing");
        }
        if (!carriesResult && error == null) {
            throw new IllegalArgumentException("Expected an 'error' for outcome " + outcome.wire() + ", but it was missing");
        }
        facts = facts == null || facts.isNull() ? null : facts;
        if (facts != null && !facts.isObject()) {
            throw new IllegalArgumentException("Expected 'facts' to be an object, but it was " + facts.getNodeType());
        }
    }

    public static ToolReply ofResult(ToolCommand command, CallToolResult result, WorkerRef worker, Timings timings, long now) {
        return ofResult(command, result, worker, timings, now, null);
    }

    /** The reply to a command whose handler returned {@code result}, with the audit {@code facts} it recorded (null: none). */
    public static ToolReply ofResult(ToolCommand command, CallToolResult result, WorkerRef worker, Timings timings, long now,
            JsonNode facts) {
        ToolOutcome outcome = result.isErrorResult() ? ToolOutcome.TOOL_ERROR : ToolOutcome.OK;
        return new ToolReply(SchemaId.TOOL_REPLY, command.callId(), command.tool(), outcome, result, null, worker, timings, now, facts);
    }

    public static ToolReply ofError(ToolCommand command, ToolOutcome outcome, ToolError error, WorkerRef worker, Timings timings, long now) {
        return new ToolReply(SchemaId.TOOL_REPLY, command.callId(), command.tool(), outcome, null, error, worker, timings, now);
    }
}
