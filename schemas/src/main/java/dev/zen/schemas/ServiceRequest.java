package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * An MCP request other than {@code tools/call} that a worker service answers:
 * {@code resources/read}, {@code resources/subscribe}, {@code resources/unsubscribe},
 * {@code prompts/get}, {@code completion/complete}. Written by the gateway to the service's request
 * topic ({@code service.<service>}), keyed by request id; answered by a {@link ServiceResponse} on
 * the reply-to. {@code params} are the MCP request's params as the client sent them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceRequest(SchemaId schema, String requestId, String service, String method, JsonNode params, Principal principal,
        ClientContext client, long deadline, ReplyTo replyTo, long createdAt) {

    public ServiceRequest {
        schema = schema == null ? SchemaId.SERVICE_REQUEST : schema;
        ToolCommand.require(requestId, "requestId");
        ToolCommand.require(service, "service");
        ToolCommand.require(method, "method");
        params = params == null || params.isNull() ? JsonNodeFactory.instance.objectNode() : params;
        principal = principal == null ? Principal.ANONYMOUS : principal;
        if (deadline <= 0) {
            throw new IllegalArgumentException("Expected a positive 'deadline' (epoch ms), but was " + deadline);
        }
    }

    public long remainingMillis(long nowMillis) {
        return deadline - nowMillis;
    }
}
