package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a worker instance writes to the compacted registry topic, keyed {@code service/instance}:
 * on start, then at every heartbeat (same record, new {@code heartbeatAt}). A tombstone (null
 * value) under the same key says the instance stopped cleanly. A gateway treats an instance whose
 * last heartbeat is older than three {@code heartbeatIntervalMs} as unhealthy.
 *
 * <p>{@code restarts} and {@code lastExit} (optional, since v1 additively) come from the process
 * supervisor ({@code ./zen up}): how often it restarted this instance after it died, and how it last
 * ended. A crash loop shows as an unhealthy instance with a growing count.
 *
 * <p>{@code warnings} (optional, since v1 additively; empty and left off the wire when none) are what
 * the service tells operators about how it runs, e.g. that its operator turned its sandbox off. The
 * gateway shows them in {@code /v1/services} and {@code /health}; they change nothing it does.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceAnnouncement(
        SchemaId schema,
        String service,
        String instance,
        String version,
        String host,
        List<ToolDescriptor> tools,
        List<JsonNode> resources,
        List<JsonNode> resourceTemplates,
        List<JsonNode> prompts,
        long startedAt,
        long heartbeatAt,
        long heartbeatIntervalMs,
        Integer restarts,
        String lastExit,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {

    /** An instance that was never restarted by a supervisor. */
    public ServiceAnnouncement(SchemaId schema, String service, String instance, String version, String host,
            List<ToolDescriptor> tools, List<JsonNode> resources, List<JsonNode> resourceTemplates, List<JsonNode> prompts,
            long startedAt, long heartbeatAt, long heartbeatIntervalMs) {
        this(schema, service, instance, version, host, tools, resources, resourceTemplates, prompts, startedAt, heartbeatAt,
                heartbeatIntervalMs, null, null);
    }

    /** An instance that announces no warnings. */
    public ServiceAnnouncement(SchemaId schema, String service, String instance, String version, String host,
            List<ToolDescriptor> tools, List<JsonNode> resources, List<JsonNode> resourceTemplates, List<JsonNode> prompts,
            long startedAt, long heartbeatAt, long heartbeatIntervalMs, Integer restarts, String lastExit) {
        this(schema, service, instance, version, host, tools, resources, resourceTemplates, prompts, startedAt, heartbeatAt,
                heartbeatIntervalMs, restarts, lastExit, List.of());
    }

    public ServiceAnnouncement {
        schema = schema == null ? SchemaId.SERVICE_ANNOUNCEMENT : schema;
        ToolCommand.require(service, "service");
        ToolCommand.require(instance, "instance");
        tools = tools == null ? List.of() : List.copyOf(tools);
        resources = resources == null ? List.of() : List.copyOf(resources);
        resourceTemplates = resourceTemplates == null ? List.of() : List.copyOf(resourceTemplates);
        prompts = prompts == null ? List.of() : List.copyOf(prompts);
        heartbeatIntervalMs = heartbeatIntervalMs <= 0 ? 5_000 : heartbeatIntervalMs;
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** The registry key of this instance. */
    @JsonIgnore
    public String key() {
        return key(service, instance);
    }

    public static String key(String service, String instance) {
        return service + "/" + instance;
    }

    public ServiceAnnouncement withHeartbeat(long now) {
        return new ServiceAnnouncement(schema, service, instance, version, host, tools, resources, resourceTemplates,
                prompts, startedAt, now, heartbeatIntervalMs, restarts, lastExit, warnings);
    }

    /** Whether the instance has sent a heartbeat recently enough at {@code now}. */
    public boolean alive(long now) {
        return now - heartbeatAt <= 3 * heartbeatIntervalMs;
    }
}
