package dev.zen.worker.memory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules a store applies to what it writes, the same in every adapter: a memory's normal form (times
 * in whole milliseconds, metadata an object), the merge of a duplicate into the memory already there,
 * and "now" for {@code updatedAt}. Stateless; thread-safe.
 */
final class MemoryWrites {

    private MemoryWrites() {
    }

    /** The memory as stores keep it: times in whole milliseconds (createdAt now when missing), metadata an object. */
    static Memory normalized(Memory memory) {
        if (memory == null || memory.id() == null || memory.namespace() == null || memory.content() == null || memory.contentHash() == null) {
            throw new IllegalArgumentException("Expected a memory with an id, a namespace, content and its hash, but one was missing");
        }
        Instant createdAt = memory.createdAt() == null ? Instant.now() : memory.createdAt();
        Instant updatedAt = memory.updatedAt() == null ? createdAt : memory.updatedAt();
        ObjectNode metadata = memory.metadata() == null ? JsonNodeFactory.instance.objectNode() : memory.metadata();
        return new Memory(memory.id(), memory.namespace(), memory.content(), memory.tags(), metadata, memory.contentHash(),
                createdAt.truncatedTo(ChronoUnit.MILLIS), updatedAt.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * {@code existing} with {@code incoming}'s tags added (existing ones first) and its metadata laid over
     * (top-level keys); the id, content and createdAt stay, updatedAt is now (or the incoming one's, if later).
     */
    static Memory merged(Memory existing, Memory incoming) {
        LinkedHashSet<String> tags = new LinkedHashSet<>(existing.tags());
        tags.addAll(incoming.tags());
        ObjectNode metadata = existing.metadata().deepCopy();
        metadata.setAll(incoming.metadata());
        Instant updatedAt = now(existing.updatedAt());
        if (incoming.updatedAt().isAfter(updatedAt)) {
            updatedAt = incoming.updatedAt();
        }
        return new Memory(existing.id(), existing.namespace(), existing.content(), List.copyOf(tags), metadata, existing.contentHash(),
                existing.createdAt(), updatedAt);
    }

    /** Now in whole milliseconds, and never before {@code previous} (clocks step back). */
    static Instant now(Instant previous) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return now.isBefore(previous) ? previous : now;
    }
}
