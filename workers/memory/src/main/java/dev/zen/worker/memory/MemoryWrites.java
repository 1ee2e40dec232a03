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

    /** Most tags a memory holds; a merge adds new tags only up to it. */
    static final int MAX_TAGS = 32;
    /** Most characters a memory's metadata has as JSON; a merge whose overlay would pass it keeps the metadata as it was. */
    static final int MAX_METADATA_CHARS = 8 * 1024;

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
     * {@code existing} with {@code incoming}'s tags added (existing ones first, up to {@link #MAX_TAGS}) and
     * its metadata laid over (top-level keys; kept as it was if the overlay would pass {@link
     * #MAX_METADATA_CHARS}), so merges never grow a memory past what a store_memory may write; the id,
     * content and createdAt stay, updatedAt is now (or the incoming one's, if later).
     */
    static Memory merged(Memory existing, Memory incoming) {
        Instant updatedAt = now(existing.updatedAt());
        if (incoming.updatedAt().isAfter(updatedAt)) {
            updatedAt = incoming.updatedAt();
        }
        return new Memory(existing.id(), existing.namespace(), existing.content(), mergedTags(existing.tags(), incoming.tags()),
                mergedMetadata(existing.metadata(), incoming.metadata()), existing.contentHash(), existing.createdAt(), updatedAt);
    }

    /** {@code existing}, then the {@code incoming} tags not there yet, at most {@link #MAX_TAGS} in all. */
    static List<String> mergedTags(List<String> existing, List<String> incoming) {
        LinkedHashSet<String> tags = new LinkedHashSet<>(existing);
        for (String tag : incoming) {
            if (tags.size() >= MAX_TAGS) {
                break;
            }
            tags.add(tag);
        }
        return List.copyOf(tags);
    }

    /** {@code existing} with {@code incoming}'s top-level keys laid over, or {@code existing} if that would pass {@link #MAX_METADATA_CHARS}. */
    static ObjectNode mergedMetadata(ObjectNode existing, ObjectNode incoming) {
        ObjectNode metadata = existing.deepCopy();
        metadata.setAll(incoming);
        return metadata.toString().length() <= MAX_METADATA_CHARS ? metadata : existing;
    }

    /** Now in whole milliseconds, and never before {@code previous} (clocks step back). */
    static Instant now(Instant previous) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return now.isBefore(previous) ? previous : now;
    }
}
