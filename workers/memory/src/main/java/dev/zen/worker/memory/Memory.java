package dev.zen.worker.memory;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One stored memory: its id (a UUID, the same in every store), the namespace it lives in, its text, its
 * tags and metadata, the SHA-256 of its text (duplicates within a namespace are merged by it), and when
 * it was made and last changed.
 */
public record Memory(String id, String namespace, String content, List<String> tags, ObjectNode metadata, String contentHash,
        Instant createdAt, Instant updatedAt) {

    public Memory {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
