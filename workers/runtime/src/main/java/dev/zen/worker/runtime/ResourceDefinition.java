package dev.zen.worker.runtime;

import tools.jackson.databind.JsonNode;

/**
 * A concrete resource a worker serves: its MCP {@code Resource} descriptor (uri, name, title,
 * description, mimeType, ...) as announced, and its reader.
 */
public record ResourceDefinition(JsonNode descriptor, ResourceReader reader) {

    public ResourceDefinition {
        if (descriptor == null || !descriptor.path("uri").isString() || !descriptor.path("name").isString() || reader == null) {
            throw new IllegalArgumentException("Expected a resource descriptor with 'uri' and 'name', and a reader");
        }
    }

    public String uri() {
        return descriptor.path("uri").asString();
    }
}
