package dev.zen.worker.memory;

import dev.zen.worker.runtime.InterruptShield;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * One open Lucene index of {@link LuceneStore}: its directory, its one {@link IndexWriter}, the
 * near-real-time searchers on it, and the model and dimension it was made for, kept in the commit's
 * user data (written with the first commit, checked on every open, so they cannot drift from the
 * vectors). Reads may run concurrently; {@link #write} is for a caller that holds the store's write
 * lock; {@link #commit} is thread-safe and makes every change made before it durable.
 *
 * <p>Writes and commits run behind an {@link InterruptShield}, never on the caller's thread: a worker
 * interrupts a handler whose deadline passed, and an interrupt during file I/O closes the file's
 * channel, which Lucene takes as a tragedy that closes the {@link IndexWriter} for good. The caller
 * waits for the write to finish whatever happens, so a write is never half done when the call answers.
 */
final class LuceneIndex implements AutoCloseable {

    static final int MAX_DIMENSION = KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS;
    private static final String MODEL_KEY = "zen.memory.model";
    private static final String DIMENSION_KEY = "zen.memory.dimension";

    /** A read on a searcher. */
    @FunctionalInterface
    interface Read<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /** A change through the writer. */
    @FunctionalInterface
    interface Change {
        void apply(IndexWriter writer) throws IOException;
    }

    private final Path path;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final String model;
    private final int dimension;

    private LuceneIndex(Path path, Directory directory, IndexWriter writer, String model, int dimension) throws IOException {
        this.path = path;
        this.directory = directory;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, null);
        this.model = model;
        this.dimension = dimension;
    }

    /**
     * Opens the index at {@code path}, or makes it for {@code model} and {@code dimension}.
     *
     * @throws IllegalStateException when it was made for another model or dimension, or another store holds it
     */
    static LuceneIndex open(Path path, Analyzer analyzer, String model, int dimension) {
        if (dimension < 1 || dimension > MAX_DIMENSION) {
            throw new IllegalArgumentException("Expected a dimension from 1 to %d for the embedded index, but it was %d".formatted(MAX_DIMENSION,
                    dimension));
        }
        Directory directory = null;
        try {
            Files.createDirectories(path);
            directory = FSDirectory.open(path);
            if (DirectoryReader.indexExists(directory)) {
                Map<String, String> recorded = SegmentInfos.readLatestCommit(directory).getUserData();
                if (!recorded.containsKey(MODEL_KEY) || !recorded.containsKey(DIMENSION_KEY)) {
                    throw new IllegalStateException("Expected a memory index at %s, but its commit records no model and dimension".formatted(path));
                }
                requireSame(path, recorded.get(MODEL_KEY), Integer.parseInt(recorded.get(DIMENSION_KEY)), model, dimension);
            }
            IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
            try {
                writer.setLiveCommitData(Map.of(MODEL_KEY, model, DIMENSION_KEY, Integer.toString(dimension)).entrySet());
                writer.commit();
                return new LuceneIndex(path, directory, writer, model, dimension);
            } catch (IOException | RuntimeException e) {
                writer.rollback();
                throw e;
            }
        } catch (LockObtainFailedException e) {
            closeQuietly(directory);
            throw new IllegalStateException("Expected the index at %s to be free, but another store holds its lock".formatted(path), e);
        } catch (IOException e) {
            closeQuietly(directory);
            throw new UncheckedIOException("Expected to open the index at %s, but: %s".formatted(path, e.getMessage()), e);
        } catch (RuntimeException e) {
            closeQuietly(directory);
            throw e;
        }
    }

    /** Refuses {@code model} and {@code dimension} unless they are the ones the index was made for. */
    void requireSame(String model, int dimension) {
        requireSame(path, this.model, this.dimension, model, dimension);
    }

    private static void requireSame(Path path, String recordedModel, int recordedDimension, String model, int dimension) {
        if (!recordedModel.equals(model) || recordedDimension != dimension) {
            throw new IllegalStateException(("Expected the collection at %s to hold vectors of model '%s' with dimension %d, but it was made for "
                    + "model '%s' with dimension %d: use another MEMORY_DATA_DIR, or the model it was made with")
                    .formatted(path, model, dimension, recordedModel, recordedDimension));
        }
    }

    String model() {
        return model;
    }

    int dimension() {
        return dimension;
    }

    /** Refuses a vector that is not of this index's dimension, holds a value that is not finite, or is all zeros. */
    void requireVector(float[] vector) {
        if (vector == null || vector.length != dimension) {
            throw new IllegalArgumentException("Expected a vector of dimension %d (model %s), but it had %s"
                    .formatted(dimension, model, vector == null ? "none" : vector.length + " values"));
        }
        double norm = 0;
        for (float value : vector) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("Expected a vector of finite values, but it held " + value);
            }
            norm += value * value;
        }
        if (norm == 0) {
            throw new IllegalArgumentException("Expected a vector with a direction, but every value was zero");
        }
    }

    /** A read on the newest searcher. */
    <T> T read(Read<T> read) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return read.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Expected to read the index at %s, but: %s".formatted(path, e.getMessage()), e);
        }
    }

    /** A change, then a refresh so that later reads (and the next writer's lookups) see it; the caller holds the write lock. */
    void write(Change change) {
        InterruptShield.run(() -> {
            try {
                change.apply(writer);
                searchers.maybeRefreshBlocking();
            } catch (IOException e) {
                throw new UncheckedIOException("Expected to write to the index at %s, but: %s".formatted(path, e.getMessage()), e);
            }
        });
    }

    /** Makes every change made before the call durable (fsync); concurrent callers share a commit. */
    void commit() {
        InterruptShield.run(() -> {
            try {
                writer.commit();
            } catch (IOException e) {
                throw new UncheckedIOException("Expected to commit to the index at %s, but: %s".formatted(path, e.getMessage()), e);
            }
        });
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close(); // commits whatever a failed commit left pending
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Expected to close the index at %s, but: %s".formatted(path, e.getMessage()), e);
        }
    }

    private static void closeQuietly(Directory directory) {
        if (directory != null) {
            try {
                directory.close();
            } catch (IOException | RuntimeException ignored) {
                // the error being thrown says more
            }
        }
    }
}
