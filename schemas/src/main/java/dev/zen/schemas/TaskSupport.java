package dev.zen.schemas;

import java.util.Locale;

/**
 * Whether a tool may run as an MCP task (or a REST job): {@code forbidden}, {@code optional} or
 * {@code required}, the values of the MCP {@code execution.taskSupport} field. Announcements carry the
 * lower-case {@link #wireName()} in {@link ToolDescriptor#taskSupport()}.
 */
public enum TaskSupport {
    /** Only ever answered synchronously: a task request gets -32601. */
    FORBIDDEN,
    /** Synchronous by default; a client may ask for a task. */
    OPTIONAL,
    /** Only as a task. */
    REQUIRED;

    /** The value on the wire: {@code forbidden}, {@code optional}, {@code required}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant for a wire value; {@code null} means {@link #FORBIDDEN}, the MCP default. */
    public static TaskSupport fromWire(String value) {
        if (value == null) {
            return FORBIDDEN;
        }
        for (TaskSupport support : values()) {
            if (support.wireName().equals(value)) {
                return support;
            }
        }
        throw new IllegalArgumentException("Expected taskSupport forbidden, optional or required, but was '" + value + "'");
    }
}
