package dev.zen.gateway.core;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.ErrorCode;
import dev.zen.schemas.ToolError;
import tools.jackson.databind.JsonNode;

/**
 * How a call ended for the caller: the MCP {@code CallToolResult} to hand back, and a status that
 * the REST adapter maps to HTTP ({@code OK} 200, {@code UNAVAILABLE} 503, {@code TIMEOUT} 504,
 * {@code FAILED} 502, {@code CANCELLED} 409). Failures are results with {@code isError}, so MCP clients show them to the model.
 * {@code worker} is {@code service/instance} of the worker that answered, when one did; {@code failure}
 * is the worker's error when it did not run the tool (e.g. a missing client capability); {@code startedAt}
 * when the worker started it (epoch ms, from the reply's timings; null when no worker answered);
 * {@code facts} what the handler recorded for the audit ({@code ToolReply.facts}, a JSON object; null
 * when none), which goes to the {@code detail} of the call's end event and never to the caller.
 */
public record CallResult(Status status, CallToolResult result, String callId, String worker, ToolError failure, Long startedAt,
        JsonNode facts) {

    public CallResult(Status status, CallToolResult result, String callId, String worker) {
        this(status, result, callId, worker, null, null, null);
    }

    public CallResult(Status status, CallToolResult result, String callId, String worker, ToolError failure) {
        this(status, result, callId, worker, failure, null, null);
    }

    public CallResult(Status status, CallToolResult result, String callId, String worker, ToolError failure, Long startedAt) {
        this(status, result, callId, worker, failure, startedAt, null);
    }

    /** Whether the worker refused because the client lacks a capability the handler needs. */
    public boolean missingCapability() {
        return failure != null && ErrorCode.MISSING_CAPABILITY.wire().equals(failure.code());
    }

    /** A result that did not come from a worker (refused or timed out in the gateway). */
    public static CallResult local(Status status, CallToolResult result, String callId) {
        return new CallResult(status, result, callId, null);
    }

    public enum Status { OK, UNAVAILABLE, TIMEOUT, FAILED, CANCELLED }

    /** The end of a call its client cancelled: MCP sends no result for it. */
    public static CallResult cancelled(String callId) {
        return local(Status.CANCELLED, CallToolResult.error("The call was cancelled by its client"), callId);
    }
}
