package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code ToolCompleted} / {@code ToolFailed}: the worker's answer to one {@link ToolCommand}, keyed
 * by call id.
 *
 * <p>Exactly one of {@code result} (an MCP {@code CallToolResult}: content, structuredContent,
 * isError) and {@code error} is set: {@code result} for {@code ok} and {@code tool_error},
 * {@code error} for every other outcome.
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
        long completedAt) {

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
    }

    public static ToolReply ofResult(ToolCommand command, CallToolResult result, WorkerRef worker, Timings timings, long now) {
        ToolOutcome outcome = result.isErrorResult() ? ToolOutcome.TOOL_ERROR : ToolOutcome.OK;
        return new ToolReply(SchemaId.TOOL_REPLY, command.callId(), command.tool(), outcome, result, null, worker, timings, now);
    }

    public static ToolReply ofError(ToolCommand command, ToolOutcome outcome, ToolError error, WorkerRef worker, Timings timings, long now) {
        return new ToolReply(SchemaId.TOOL_REPLY, command.callId(), command.tool(), outcome, null, error, worker, timings, now);
    }
}
