package dev.zen.gateway.core;

import dev.zen.schemas.RecordCodec;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a {@link CallResult} as the MCP {@code CallToolResult} JSON, with {@code _meta} naming the
 * call id and the worker that answered ({@code dev.zen/callId}, {@code dev.zen/worker}), so that a
 * caller can find the call on the audit topic.
 */
public final class ResultMeta {

    public static final String CALL_ID = "dev.zen/callId";
    public static final String WORKER = "dev.zen/worker";

    private ResultMeta() {
    }

    public static ObjectNode render(CallResult result, RecordCodec codec) {
        ObjectNode json = (ObjectNode) codec.toTree(result.result());
        if (result.callId() != null || result.worker() != null) {
            ObjectNode meta = json.putObject("_meta");
            if (result.callId() != null) {
                meta.put(CALL_ID, result.callId());
            }
            if (result.worker() != null) {
                meta.put(WORKER, result.worker());
            }
        }
        return json;
    }
}
