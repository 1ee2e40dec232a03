package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A notification a worker service sends to every interested client, not tied to a call:
 * {@code notifications/resources/updated} (for the sessions subscribed to {@code uri}) or
 * {@code notifications/resources/list_changed}, {@code notifications/prompts/list_changed}. Written
 * to the events topic keyed by the URI (or the service); every gateway replica delivers it on the GET
 * streams of its sessions that want it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServerNotice(SchemaId schema, String service, String method, String uri, JsonNode params, long at) {

    public ServerNotice {
        schema = schema == null ? SchemaId.SERVER_NOTICE : schema;
        ToolCommand.require(service, "service");
        ToolCommand.require(method, "method");
        params = params == null || params.isNull() ? JsonNodeFactory.instance.objectNode() : params;
    }

    public static ServerNotice resourceUpdated(String service, String uri, long at) {
        return new ServerNotice(SchemaId.SERVER_NOTICE, service, "notifications/resources/updated", uri,
                JsonNodeFactory.instance.objectNode().put("uri", uri), at);
    }

    /** {@code notifications/<list>/list_changed} for {@code tools}, {@code prompts} or {@code resources}. */
    public static ServerNotice listChanged(String service, String list, long at) {
        if (!java.util.Set.of("tools", "prompts", "resources").contains(list)) {
            throw new IllegalArgumentException("Expected a list of tools, prompts or resources, but was '" + list + "'");
        }
        return new ServerNotice(SchemaId.SERVER_NOTICE, service, "notifications/" + list + "/list_changed", null, null, at);
    }
}
