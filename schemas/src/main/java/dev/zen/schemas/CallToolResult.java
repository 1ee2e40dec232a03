package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The MCP {@code CallToolResult} as it travels in a {@link ToolReply}: content blocks kept as JSON
 * (so that every MCP content type passes through untouched), optional structured content and the
 * {@code isError} flag of a tool that failed as data.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallToolResult(List<JsonNode> content, JsonNode structuredContent, Boolean isError) {

    public CallToolResult {
        content = content == null ? List.of() : List.copyOf(content);
    }

    @JsonIgnore
    public boolean isErrorResult() {
        return Boolean.TRUE.equals(isError);
    }

    /** A result with one text block. */
    public static CallToolResult text(String text) {
        return new CallToolResult(List.of(textBlock(text)), null, null);
    }

    /** A result with one text block and structured content (the text is its JSON, for older clients). */
    public static CallToolResult structured(String text, JsonNode structuredContent) {
        return new CallToolResult(List.of(textBlock(text)), structuredContent, null);
    }

    /** A tool's own failure, reported to the model as data. */
    public static CallToolResult error(String message) {
        return new CallToolResult(List.of(textBlock(message)), null, Boolean.TRUE);
    }

    public static ObjectNode textBlock(String text) {
        ObjectNode block = JsonNodeFactory.instance.objectNode();
        block.put("type", "text");
        block.put("text", text);
        return block;
    }
}
