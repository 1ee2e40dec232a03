package dev.zen.worker.runtime;

import java.util.List;

/**
 * A worker service: its name (e.g. {@code filesystem}, which names its consumer group), its version,
 * its tools, and the resources, resource templates and prompts it serves. A service module builds one
 * and hands it to {@link WorkerRuntime}.
 *
 * <p>{@code warnings} (never null, usually empty) are what the service tells operators about how it
 * runs, e.g. that its operator turned its sandbox off: the runtime announces them (the gateway shows
 * them in {@code /v1/services} and {@code /health}) and {@link WorkerMain} logs them at start. Each is
 * 1 to {@value #MAX_WARNING_LENGTH} characters; at most {@value #MAX_WARNINGS} of them.
 */
public record ServiceDefinition(String service, String version, List<ToolDefinition> tools, List<ResourceDefinition> resources,
        List<ResourceTemplateDefinition> resourceTemplates, List<PromptDefinition> prompts, List<String> warnings) {

    /** The most warnings a service announces. */
    public static final int MAX_WARNINGS = 16;
    /** The longest warning, in characters. */
    public static final int MAX_WARNING_LENGTH = 200;

    public ServiceDefinition {
        if (service == null || !service.matches("[a-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("Expected a service name of [a-z0-9-]{1,64}, but was '" + service + "'");
        }
        tools = List.copyOf(tools);
        resources = resources == null ? List.of() : List.copyOf(resources);
        resourceTemplates = resourceTemplates == null ? List.of() : List.copyOf(resourceTemplates);
        prompts = prompts == null ? List.of() : List.copyOf(prompts);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        if (warnings.size() > MAX_WARNINGS) {
            throw new IllegalArgumentException("Expected at most " + MAX_WARNINGS + " warnings in service " + service + ", but there are "
                    + warnings.size());
        }
        for (String warning : warnings) {
            if (warning.isBlank() || warning.length() > MAX_WARNING_LENGTH) {
                throw new IllegalArgumentException("Expected warnings of 1 to " + MAX_WARNING_LENGTH + " characters in service " + service
                        + ", but one has " + warning.length() + ": '" + warning + "'");
            }
        }
        distinct(tools.stream().map(ToolDefinition::name).toList(), "tool names");
        distinct(resources.stream().map(ResourceDefinition::uri).toList(), "resource URIs");
        distinct(prompts.stream().map(PromptDefinition::name).toList(), "prompt names");
    }

    /** A service without warnings. */
    public ServiceDefinition(String service, String version, List<ToolDefinition> tools, List<ResourceDefinition> resources,
            List<ResourceTemplateDefinition> resourceTemplates, List<PromptDefinition> prompts) {
        this(service, version, tools, resources, resourceTemplates, prompts, List.of());
    }

    /** A service with tools only. */
    public ServiceDefinition(String service, String version, List<ToolDefinition> tools) {
        this(service, version, tools, List.of(), List.of(), List.of());
    }

    /** This service announcing {@code warnings} (replacing any it had), e.g. {@code List.of("unsandboxed: ...")}. */
    public ServiceDefinition withWarnings(List<String> warnings) {
        return new ServiceDefinition(service, version, tools, resources, resourceTemplates, prompts, warnings);
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
