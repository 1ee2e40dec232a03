package dev.zen.worker.runtime.tool;

/**
 * The fields every capped result shares. A tool that can return much (lines, entries, bytes, rows)
 * stops at a cap, sets {@link #TRUNCATED} and fills a continuation field of its own (an offset, a
 * cursor, the next file) that the caller passes back to get the rest; {@code docs/services.md}
 * lists them per tool.
 */
public final class Caps {

    public static final Field<Boolean> TRUNCATED = Field.bool("truncated",
            "Whether the result stopped at a cap; the continuation field says how to get the rest");

    private Caps() {
    }
}
