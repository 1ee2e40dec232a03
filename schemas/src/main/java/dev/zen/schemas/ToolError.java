package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/**
 * A failure to run a tool (not a tool's own error result): a stable code from {@link ErrorCode},
 * a message for humans and optional structured data.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolError(String code, String message, JsonNode data) {

    public ToolError {
        ToolCommand.require(code, "code");
        message = message == null ? "" : message;
    }

    public static ToolError of(ErrorCode code, String message) {
        return new ToolError(code.wire(), message, null);
    }
}
