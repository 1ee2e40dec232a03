package dev.zen.worker.runtime;

import tools.jackson.databind.JsonNode;

/**
 * Reads a resource: returns the MCP {@code ReadResourceResult} ({@code {"contents": [...]}}). Plain
 * Java, called on a virtual thread. Throw {@link ResourceNotFound} when the URI names nothing and
 * {@link ToolFailure} for a request the client got wrong.
 */
@FunctionalInterface
public interface ResourceReader {

    JsonNode read(String uri, ServiceCall call) throws Exception;
}
