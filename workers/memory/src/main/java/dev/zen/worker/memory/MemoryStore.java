package dev.zen.worker.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where memories and their vectors live: one port, three adapters (the embedded Lucene index, pgvector,
 * Qdrant), one contract suite ({@code MemoryStoreContract}) that every adapter passes. Thread-safe.
 *
 * <p>A store holds one collection, made for one embedding model and dimension ({@link #open}): vectors of
 * another dimension, or an existing collection of another model, are refused with a clear error. A
 * write is durable when the method returns.
 */
public interface MemoryStore extends AutoCloseable {

    /** A hit of a search: the memory and its score in that search (higher is better). */
    record Hit(Memory memory, double score) {
    }

    /** One page of a listing, newest first; {@code nextCursor} is null on the last page. */
    record Page(List<Memory> memories, String nextCursor) {
    }

    /** What a namespace holds. */
    record Stats(long count, long bytes, java.time.Instant oldest, java.time.Instant newest, Map<String, Long> tags) {
    }

    /** The result of a store: the memory as stored, and whether it was merged into one with the same content. */
    record Stored(Memory memory, boolean merged) {
    }

    /**
     * Opens (or makes) the collection for vectors of {@code model} with {@code dimension} values.
     *
     * @throws IllegalStateException when the collection exists for another model or dimension
     */
    void open(String model, int dimension);

    /** The model and dimension the collection was made for. */
    String model();

    int dimension();

    /**
     * Stores a new memory with its vector; when the namespace already holds one with the same
     * {@code contentHash}, merges instead: the tags become the union, the metadata the old one overlaid
     * with the new, {@code updatedAt} now, and the existing id is kept.
     *
     * @throws IllegalArgumentException when the vector's length is not the collection's dimension
     */
    Stored put(Memory memory, float[] vector);

    /**
     * Stores a batch, each memory as {@link #put} would, in order (a later duplicate of an earlier one in
     * the same batch is merged into it); one answer per memory. Every vector is checked before anything
     * is stored. Stores that can make a batch durable at once (one commit, one transaction) override this.
     *
     * @throws IllegalArgumentException when the lists differ in length or a vector's length is not the
     *     collection's dimension
     */
    default List<Stored> putAll(List<Memory> memories, List<float[]> vectors) {
        if (memories.size() != vectors.size()) {
            throw new IllegalArgumentException("Expected one vector per memory, but there were %d memories and %d vectors"
                    .formatted(memories.size(), vectors.size()));
        }
        for (float[] vector : vectors) {
            if (vector == null || vector.length != dimension()) {
                throw new IllegalArgumentException("Expected vectors of dimension %d, but one had %s"
                        .formatted(dimension(), vector == null ? "none" : vector.length + " values"));
            }
        }
        ArrayList<Stored> stored = new ArrayList<>(memories.size());
        for (int i = 0; i < memories.size(); i++) {
            stored.add(put(memories.get(i), vectors.get(i)));
        }
        return stored;
    }

    Optional<Memory> get(String namespace, String id);

    /**
     * Replaces a memory's content, tags and metadata (and its vector); the id and {@code createdAt} stay.
     * Empty when there is no such memory in the namespace.
     */
    Optional<Memory> replace(String namespace, String id, String content, String contentHash, List<String> tags, ObjectNode metadata,
            float[] vector);

    /** Deletes one memory; whether it was there. */
    boolean delete(String namespace, String id);

    /** Deletes every memory the filter matches; how many went. */
    long delete(MemoryFilter filter);

    /** The memories nearest to {@code vector} among those the filter matches, best first; score = cosine similarity. */
    List<Hit> nearest(MemoryFilter filter, float[] vector, int limit);

    /** The memories whose text best matches {@code query}'s words (BM25 or the store's full-text rank), best first. */
    List<Hit> keyword(MemoryFilter filter, String query, int limit);

    /** The memories the filter matches, newest first ({@code createdAt}, then id), from {@code cursor} (null: the start). */
    Page list(MemoryFilter filter, String cursor, int pageSize);

    long count(MemoryFilter filter);

    Stats stats(String namespace);

    /** One line for the start log: what and where. */
    String describe();

    @Override
    void close();
}
