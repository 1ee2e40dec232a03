package dev.zen.worker.runtime;

import dev.zen.schemas.UriTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A family of resources a worker serves: its MCP {@code ResourceTemplate} descriptor (uriTemplate,
 * name, ...), its reader (given the template's variables as arguments), and an optional completer
 * for the template's variables.
 */
public record ResourceTemplateDefinition(JsonNode descriptor, ResourceReader reader, Completer completer) {

    public ResourceTemplateDefinition {
        if (descriptor == null || !descriptor.path("uriTemplate").isString() || !descriptor.path("name").isString() || reader == null) {
            throw new IllegalArgumentException("Expected a resource template descriptor with 'uriTemplate' and 'name', and a reader");
        }
        new UriTemplate(descriptor.path("uriTemplate").asString()); // refuse what cannot be matched, at build time
    }

    public ResourceTemplateDefinition(JsonNode descriptor, ResourceReader reader) {
        this(descriptor, reader, null);
    }

    public UriTemplate template() {
        return new UriTemplate(descriptor.path("uriTemplate").asString());
    }
}
