package dev.zen.worker.memory;

import java.time.Instant;
import java.util.List;

/**
 * Which memories a search, list, count or delete considers: one namespace (always), and optionally
 * tags (any or all of them), and a time window on {@code createdAt} ({@code after} inclusive,
 * {@code before} exclusive). Every value is data: stores bind it, never splice it into a query.
 */
public record MemoryFilter(String namespace, List<String> tags, TagMatch tagMatch, Instant after, Instant before) {

    /** Whether a memory needs any of the tags or all of them. */
    public enum TagMatch {
        ANY, ALL
    }

    public MemoryFilter {
        if (namespace == null || namespace.isEmpty()) {
            throw new IllegalArgumentException("Expected a namespace, but it was empty");
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
        tagMatch = tagMatch == null ? TagMatch.ANY : tagMatch;
    }

    /** Every memory of a namespace. */
    public static MemoryFilter namespace(String namespace) {
        return new MemoryFilter(namespace, List.of(), TagMatch.ANY, null, null);
    }

    /** Whether the filter narrows more than the namespace. */
    public boolean narrowed() {
        return !tags.isEmpty() || after != null || before != null;
    }

    /** Whether {@code memory} passes (for stores that filter in memory, and for tests). */
    public boolean test(Memory memory) {
        if (!memory.namespace().equals(namespace)) {
            return false;
        }
        if (!tags.isEmpty()) {
            boolean pass = tagMatch == TagMatch.ALL ? memory.tags().containsAll(tags) : tags.stream().anyMatch(memory.tags()::contains);
            if (!pass) {
                return false;
            }
        }
        if (after != null && memory.createdAt().isBefore(after)) {
            return false;
        }
        return before == null || memory.createdAt().isBefore(before);
    }
}
