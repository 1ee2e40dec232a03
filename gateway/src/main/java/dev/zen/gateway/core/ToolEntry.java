package dev.zen.gateway.core;

import dev.zen.schemas.RecordValidator;
import dev.zen.schemas.ToolDescriptor;

/** A tool as the gateway serves it: its descriptor, its service and its compiled input schema. */
public record ToolEntry(ToolDescriptor descriptor, String service, RecordValidator.CompiledSchema inputSchema) {

    public String name() {
        return descriptor.name();
    }
}
