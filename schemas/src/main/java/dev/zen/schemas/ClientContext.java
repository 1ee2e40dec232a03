package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * What a worker may know of the MCP client behind a call, so that a handler can talk back to it
 * (progress, log messages, sampling, elicitation) through the gateway.
 *
 * <p>{@code session} is an opaque reference to the MCP session (a hash, never the session id itself,
 * which is a bearer secret); {@code requestId} is the JSON-RPC id of the client's request as text.
 * Together they let a {@code notifications/cancelled} that reaches any gateway replica find the call.
 * {@code streaming} says whether the client can receive messages while the call runs (it accepted an
 * SSE response); without it a handler cannot ask the client anything. {@code logLevel} is the
 * session's level at call time: messages below it are not worth sending.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClientContext(String session, String requestId, JsonNode capabilities, boolean streaming, String logLevel) {

    /** Whether the client declared the capability (e.g. {@code sampling}, {@code elicitation}, {@code roots}). */
    @JsonIgnore
    public boolean supports(String capability) {
        return capabilities != null && capabilities.has(capability) && !capabilities.get(capability).isNull();
    }
}
