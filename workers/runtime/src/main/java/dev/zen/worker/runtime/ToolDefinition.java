package dev.zen.worker.runtime;

import dev.zen.schemas.ToolDescriptor;

/** A tool a worker serves: what it announces and the handler that runs it. */
public record ToolDefinition(ToolDescriptor descriptor, ToolHandler handler) {

    public ToolDefinition {
        if (descriptor == null || handler == null) {
            throw new IllegalArgumentException("Expected a descriptor and a handler");
        }
    }

    public String name() {
        return descriptor.name();
    }
}
