package dev.zen.worker.runtime;

import tools.jackson.databind.JsonNode;

/**
 * Renders a prompt: returns the MCP {@code GetPromptResult} ({@code {"description"?, "messages": [...]}})
 * for the arguments in {@link ServiceCall#arguments()} (required ones are checked before the call).
 */
@FunctionalInterface
public interface PromptHandler {

    JsonNode get(ServiceCall call) throws Exception;
}
