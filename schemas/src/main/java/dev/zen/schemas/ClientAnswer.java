package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/**
 * What the gateway relays from a client to the worker running one of its calls, on the answers
 * topic: the client's {@code response} to a {@link CallEvent.Kind#REQUEST} (its {@code result} or
 * {@code error}, for {@code requestId}), or a {@code cancel} ({@code notifications/cancelled}).
 *
 * <p>A cancel names the call by {@code callId} when the gateway knows it, else by
 * {@code session} + {@code originRequestId} (the client's JSON-RPC id), which the worker matches
 * against the {@link ClientContext} of its running commands. {@code session} is always set, and a
 * worker ignores an answer whose session is not the one of the call.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClientAnswer(SchemaId schema, Kind kind, String callId, String session, String originRequestId, String requestId,
        JsonNode result, RpcError error, String reason, long at) {

    public enum Kind {
        RESPONSE("response"), CANCEL("cancel");

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

    public ClientAnswer {
        schema = schema == null ? SchemaId.CLIENT_ANSWER : schema;
        if (kind == null) {
            throw new IllegalArgumentException("Expected a 'kind', but it was missing");
        }
        if (kind == Kind.RESPONSE) {
            ToolCommand.require(callId, "callId");
            ToolCommand.require(requestId, "requestId");
            if ((result == null) == (error == null)) {
                throw new IllegalArgumentException("Expected exactly one of 'result' and 'error' in a response");
            }
        } else if (callId == null && (session == null || originRequestId == null)) {
            throw new IllegalArgumentException("Expected a cancel to name 'callId' or 'session' and 'originRequestId'");
        }
    }

    public static ClientAnswer response(String callId, String session, String requestId, JsonNode result, RpcError error, long at) {
        return new ClientAnswer(SchemaId.CLIENT_ANSWER, Kind.RESPONSE, callId, session, null, requestId, result, error, null, at);
    }

    public static ClientAnswer cancel(String callId, String session, String originRequestId, String reason, long at) {
        return new ClientAnswer(SchemaId.CLIENT_ANSWER, Kind.CANCEL, callId, session, originRequestId, null, null, null, reason, at);
    }

    /** The record key: the call id, or for a cancel by origin the session and request id. */
    public String key() {
        return callId != null ? callId : session + "/" + originRequestId;
    }
}
