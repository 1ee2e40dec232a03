package dev.zen.worker.runtime;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * One thing a handler asks the client: {@code sampling/createMessage}, {@code elicitation/create} or
 * {@code roots/list}, with its params. {@link #capability()} is the client capability it needs.
 */
public record ClientRequest(String method, JsonNode params) {

    private static final Map<String, String> CAPABILITIES = Map.of(
            "sampling/createMessage", "sampling",
            "elicitation/create", "elicitation",
            "roots/list", "roots");

    public ClientRequest {
        if (!CAPABILITIES.containsKey(method)) {
            throw new IllegalArgumentException("Expected a client request of " + CAPABILITIES.keySet() + ", but was '" + method + "'");
        }
        params = params == null || params.isNull() ? JsonNodeFactory.instance.objectNode() : params;
    }

    public static ClientRequest sampling(JsonNode params) {
        return new ClientRequest("sampling/createMessage", params);
    }

    public static ClientRequest elicitation(JsonNode params) {
        return new ClientRequest("elicitation/create", params);
    }

    public static ClientRequest roots() {
        return new ClientRequest("roots/list", null);
    }

    public String capability() {
        return CAPABILITIES.get(method);
    }
}
