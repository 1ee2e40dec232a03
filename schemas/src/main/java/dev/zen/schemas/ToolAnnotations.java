package dev.zen.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * MCP tool annotations. Zen relies on them: a redelivered command of a tool that is not
 * {@code idempotentHint} is never run twice.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolAnnotations(
        String title, Boolean readOnlyHint, Boolean destructiveHint, Boolean idempotentHint, Boolean openWorldHint) {

    /** Reads only; safe to repeat. */
    public static ToolAnnotations readOnly(String title) {
        return new ToolAnnotations(title, true, false, true, false);
    }

    /** Changes state; {@code destructive} if it may overwrite or delete, {@code idempotent} if repeating is harmless. */
    public static ToolAnnotations writing(String title, boolean destructive, boolean idempotent) {
        return new ToolAnnotations(title, false, destructive, idempotent, false);
    }
}
