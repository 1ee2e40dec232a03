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

    /**
     * Whether the caller may subscribe to {@code uri}: a reader whose resources are not everyone's says
     * no (false, or {@link ResourceNotFound}) for what {@link #read} would refuse, so a subscription
     * never tells a caller of changes to what it may not read. Every caller may, unless a reader says
     * otherwise.
     */
    default boolean maySubscribe(String uri, ServiceCall call) throws Exception {
        return true;
    }
}
