package dev.zen.worker.runtime;

import java.util.List;

/**
 * A worker service: its name (e.g. {@code filesystem}, which names its consumer group), its version
 * and its tools. A service module builds one and hands it to {@link WorkerRuntime}.
 */
public record ServiceDefinition(String service, String version, List<ToolDefinition> tools) {

    public ServiceDefinition {
        if (service == null || !service.matches("[a-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("Expected a service name of [a-z0-9-]{1,64}, but was '" + service + "'");
        }
        tools = List.copyOf(tools);
        long distinct = tools.stream().map(ToolDefinition::name).distinct().count();
        if (distinct != tools.size()) {
            throw new IllegalArgumentException("Expected distinct tool names in service " + service);
        }
    }
}
