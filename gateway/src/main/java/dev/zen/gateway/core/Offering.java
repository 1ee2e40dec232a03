package dev.zen.gateway.core;

import dev.zen.schemas.UriTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A resource, resource template or prompt as the gateway serves it: the descriptor a worker announced
 * and the service that answers for it ({@code template} is set for resource templates only).
 */
public record Offering(JsonNode descriptor, String service, UriTemplate template) {

    public Offering(JsonNode descriptor, String service) {
        this(descriptor, service, null);
    }
}
