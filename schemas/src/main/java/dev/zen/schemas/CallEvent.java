package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A message from a running handler to the client of its call, keyed by call id: a notification
 * ({@code notifications/progress}, {@code notifications/message}), a request the client must answer
 * ({@code sampling/createMessage}, {@code elicitation/create}, with a {@code requestId} the answer
 * names), or {@code close-stream} (the gateway may end the client's SSE response; the client resumes
 * it with {@code Last-Event-ID}). Written to the command's reply-to, before the reply and with the
 * same key, so a reader sees a call's events in order and all of them before its reply. A request
 * belongs to a round of {@code inputCount} requests the handler asked at once, and {@code inputKey}
 * is the handler's name for its answer (a 2026-07-28 client gets the round as one
 * {@code input_required} result keyed by these names).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CallEvent(SchemaId schema, String callId, long seq, Kind kind, String method, JsonNode params, String requestId,
        String inputKey, int inputCount, long at) {

    public enum Kind {
        NOTIFICATION("notification"), REQUEST("request"), CLOSE_STREAM("close-stream");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        /** Also how Jackson reads the kind back (an unknown one is a decoding error). */
        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return wire;
        }
    }

    public CallEvent {
        schema = schema == null ? SchemaId.CALL_EVENT : schema;
        ToolCommand.require(callId, "callId");
        if (kind == null) {
            throw new IllegalArgumentException("Expected a 'kind', but it was missing");
        }
        if (kind != Kind.CLOSE_STREAM) {
            ToolCommand.require(method, "method");
        }
        if (kind == Kind.REQUEST) {
            ToolCommand.require(requestId, "requestId");
        }
        params = params == null || params.isNull() ? JsonNodeFactory.instance.objectNode() : params;
        if (kind == Kind.REQUEST) {
            inputKey = inputKey == null ? requestId : inputKey;
            inputCount = Math.max(1, inputCount);
        }
    }

    public static CallEvent notification(String callId, long seq, String method, JsonNode params, long at) {
        return new CallEvent(SchemaId.CALL_EVENT, callId, seq, Kind.NOTIFICATION, method, params, null, null, 0, at);
    }

    public static CallEvent request(String callId, long seq, String method, JsonNode params, String requestId, String inputKey,
            int inputCount, long at) {
        return new CallEvent(SchemaId.CALL_EVENT, callId, seq, Kind.REQUEST, method, params, requestId, inputKey, inputCount, at);
    }

    public static CallEvent closeStream(String callId, long seq, long at) {
        return new CallEvent(SchemaId.CALL_EVENT, callId, seq, Kind.CLOSE_STREAM, null, null, null, null, 0, at);
    }
}
