package dev.zen.worker.runtime;

import java.util.List;

/**
 * A worker service: its name (e.g. {@code filesystem}, which names its consumer group), its version,
 * its tools, and the resources, resource templates and prompts it serves. A service module builds one
 * and hands it to {@link WorkerRuntime}.
 */
public record ServiceDefinition(String service, String version, List<ToolDefinition> tools, List<ResourceDefinition> resources,
        List<ResourceTemplateDefinition> resourceTemplates, List<PromptDefinition> prompts) {

    public ServiceDefinition {
        if (service == null || !service.matches("[a-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("Expected a service name of [a-z0-9-]{1,64}, but was '" + service + "'");
        }
        tools = List.copyOf(tools);
        resources = resources == null ? List.of() : List.copyOf(resources);
        resourceTemplates = resourceTemplates == null ? List.of() : List.copyOf(resourceTemplates);
        prompts = prompts == null ? List.of() : List.copyOf(prompts);
        distinct(tools.stream().map(ToolDefinition::name).toList(), "tool names");
        distinct(resources.stream().map(ResourceDefinition::uri).toList(), "resource URIs");
        distinct(prompts.stream().map(PromptDefinition::name).toList(), "prompt names");
    }

    /** A service with tools only. */
    public ServiceDefinition(String service, String version, List<ToolDefinition> tools) {
        this(service, version, tools, List.of(), List.of(), List.of());
    }

    /** Whether the service answers requests other than tool calls (and so reads its service topic). */
    public boolean servesRequests() {
        return !resources.isEmpty() || !resourceTemplates.isEmpty() || !prompts.isEmpty();
    }

    private void distinct(List<String> names, String what) {
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("Expected distinct " + what + " in service " + service);
        }
    }
}
