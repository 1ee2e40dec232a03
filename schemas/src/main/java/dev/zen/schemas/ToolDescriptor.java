package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * A tool as a worker announces it: the MCP {@code Tool} fields plus {@code taskSupport}
 * ({@code forbidden}, {@code optional} or {@code required}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolDescriptor(
        String name,
        String title,
        String description,
        JsonNode inputSchema,
        JsonNode outputSchema,
        ToolAnnotations annotations,
        String taskSupport) {

    public ToolDescriptor {
        ToolCommand.require(name, "name");
        if (inputSchema == null || !inputSchema.isObject()) {
            throw new IllegalArgumentException("Expected tool '" + name + "' to have an object 'inputSchema'");
        }
        taskSupport = taskSupport == null ? "forbidden" : taskSupport;
    }

    /** Whether a redelivered command of this tool may run again. */
    @JsonIgnore
    public boolean idempotent() {
        return annotations != null
                && (Boolean.TRUE.equals(annotations.idempotentHint()) || Boolean.TRUE.equals(annotations.readOnlyHint()));
    }
}
