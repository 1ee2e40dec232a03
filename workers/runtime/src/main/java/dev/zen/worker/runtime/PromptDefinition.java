package dev.zen.worker.runtime;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A prompt a worker serves: its MCP {@code Prompt} descriptor (name, title, description, arguments)
 * as announced, its handler, and an optional completer for its arguments.
 */
public record PromptDefinition(JsonNode descriptor, PromptHandler handler, Completer completer) {

    public PromptDefinition {
        if (descriptor == null || !descriptor.path("name").isString() || handler == null) {
            throw new IllegalArgumentException("Expected a prompt descriptor with a 'name', and a handler");
        }
    }

    public PromptDefinition(JsonNode descriptor, PromptHandler handler) {
        this(descriptor, handler, null);
    }

    public String name() {
        return descriptor.path("name").asString();
    }

    /** The names of the arguments the descriptor marks required. */
    public List<String> requiredArguments() {
        List<String> required = new ArrayList<>();
        for (JsonNode argument : descriptor.path("arguments")) {
            if (argument.path("required").asBoolean(false)) {
                required.add(argument.path("name").asString());
            }
        }
        return required;
    }
}
