package dev.zen.worker.memory;

import java.util.List;

/**
 * Turns texts into vectors: the in-process all-MiniLM-L6-v2 ({@link MiniLmEmbedder}) by default, or an
 * HTTP embedding provider ({@link HttpEmbedder}). A batch is embedded together. Thread-safe.
 */
public interface Embedder extends AutoCloseable {

    /** The model's name, recorded with the collection. */
    String model();

    /** The length of every vector it makes. */
    int dimension();

    /** One vector per text, in order. */
    List<float[]> embed(List<String> texts);

    @Override
    default void close() {
    }
}
