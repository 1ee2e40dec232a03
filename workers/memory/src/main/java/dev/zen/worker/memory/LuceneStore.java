package dev.zen.worker.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleUnaryOperator;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The embedded {@link MemoryStore}: one Apache Lucene index in a directory of its own ({@code MEMORY_DATA_DIR}),
 * holding vectors in an HNSW graph (cosine similarity) and the text for BM25 keyword search, so it needs
 * nothing but a JDK. The collection's model and dimension live in the index's commit user data, written
 * with the first commit and checked on every {@link #open}. Document layout: {@link LuceneDocuments};
 * queries: {@link LuceneQueries}.
 *
 * <p>Text is analyzed by Lucene's {@link EnglishAnalyzer} (standard tokenization, lower case, English stop
 * words, Porter stemming), so "deployed" finds "deploy", as PostgreSQL's {@code english} configuration
 * does for the pgvector store; the embedding model is English too. Filters are Lucene queries, given to
 * the kNN query as its filter, so HNSW searches only the memories that pass (exactly when few do).
 *
 * <p>Thread-safe. Reads run concurrently on near-real-time searchers ({@link SearcherManager}). Writes take
 * one lock for their read-modify-write (a duplicate's lookup and merge, a replace, a counted delete) and
 * a searcher refresh, so the next write and every later read see them; then they commit outside the
 * lock, and a write returns only when its commit is on disk. That commit (an fsync of the new segment
 * and of the commit point) is most of a write's cost: about a millisecond on an SSD, much more on a
 * spinning disk; concurrent writers share commits. Only one store may open a directory at a time
 * (Lucene's write lock).
 *
 * <p>Hazards: BM25's term statistics are index-wide, so keyword scores in one namespace shift slightly with
 * the text of others (the hits and their content never cross namespaces). Vectors have at most
 * {@value KnnVectorsFormat#DEFAULT_MAX_DIMENSIONS} values (Lucene's HNSW format's limit).
 */
public final class LuceneStore implements MemoryStore {

    private static final String MODEL_KEY = "zen.memory.model";
    private static final String DIMENSION_KEY = "zen.memory.dimension";
    private static final Sort NEWEST_FIRST = new Sort(new SortField(LuceneDocuments.CREATED_AT, SortField.Type.LONG, true),
            new SortField(LuceneDocuments.ID, SortField.Type.STRING, true));

    private final Path directory;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final ReentrantLock writes = new ReentrantLock();
    private final Object lifecycle = new Object();
    private volatile Index index;
    private boolean closed;

    /** The open index: its directory, its one writer, the searchers on it, and what it was made for. */
    private record Index(Directory directory, IndexWriter writer, SearcherManager searchers, String model, int dimension) {
    }

    /** A read on a searcher. */
    @FunctionalInterface
    private interface Read<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /** A change through the writer. */
    @FunctionalInterface
    private interface Change {
        void apply(IndexWriter writer) throws IOException;
    }

    /** A store on the index in {@code directory} (made on {@link #open} when missing). */
    public LuceneStore(Path directory) {
        this.directory = directory;
    }

    @Override
    public void open(String model, int dimension) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("Expected the name of an embedding model, but it was empty");
        }
        if (dimension < 1 || dimension > KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS) {
            throw new IllegalArgumentException("Expected a dimension from 1 to %d for the embedded index, but it was %d"
                    .formatted(KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS, dimension));
        }
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("Expected an open store, but the one at %s was closed".formatted(directory));
            }
            if (index != null) {
                requireSame(index.model(), index.dimension(), model, dimension);
                return;
            }
            index = openIndex(model, dimension);
        }
    }

    private Index openIndex(String model, int dimension) {
        Directory dir = null;
        try {
            Files.createDirectories(directory);
            dir = FSDirectory.open(directory);
            if (DirectoryReader.indexExists(dir)) {
                Map<String, String> recorded = SegmentInfos.readLatestCommit(dir).getUserData();
                if (!recorded.containsKey(MODEL_KEY) || !recorded.containsKey(DIMENSION_KEY)) {
                    throw new IllegalStateException("Expected a memory index at %s, but its commit records no model and dimension".formatted(directory));
                }
                requireSame(recorded.get(MODEL_KEY), Integer.parseInt(recorded.get(DIMENSION_KEY)), model, dimension);
            }
            IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
            writer.setLiveCommitData(Map.of(MODEL_KEY, model, DIMENSION_KEY, Integer.toString(dimension)).entrySet());
            writer.commit();
            return new Index(dir, writer, new SearcherManager(writer, null), model, dimension);
        } catch (LockObtainFailedException e) {
            closeQuietly(dir);
            throw new IllegalStateException("Expected the index at %s to be free, but another store holds its lock".formatted(directory), e);
        } catch (IOException e) {
            closeQuietly(dir);
            throw new UncheckedIOException("Expected to open the index at %s, but: %s".formatted(directory, e.getMessage()), e);
        } catch (RuntimeException e) {
            closeQuietly(dir);
            throw e;
        }
    }

    private void requireSame(String recordedModel, int recordedDimension, String model, int dimension) {
        if (!recordedModel.equals(model) || recordedDimension != dimension) {
            throw new IllegalStateException(("Expected the collection at %s to hold vectors of model '%s' with dimension %d, but it was made for "
                    + "model '%s' with dimension %d: use another MEMORY_DATA_DIR, or the model it was made with")
                    .formatted(directory, model, dimension, recordedModel, recordedDimension));
        }
    }

    @Override
    public String model() {
        return index().model();
    }

    @Override
    public int dimension() {
        return index().dimension();
    }

    @Override
    public Stored put(Memory memory, float[] vector) {
        Index ix = index();
        requireVector(ix, vector);
        Memory incoming = normalized(memory);
        Stored stored;
        writes.lock();
        try {
            Optional<Memory> existing = read(ix, s -> first(s, sameContent(incoming)));
            if (existing.isPresent()) {
                Memory merged = merged(existing.get(), incoming);
                write(ix, w -> w.updateDocument(LuceneDocuments.key(merged.namespace(), merged.id()), LuceneDocuments.document(merged, vector)));
                stored = new Stored(merged, true);
            } else {
                write(ix, w -> w.updateDocument(LuceneDocuments.key(incoming.namespace(), incoming.id()), LuceneDocuments.document(incoming, vector)));
                stored = new Stored(incoming, false);
            }
        } finally {
            writes.unlock();
        }
        commit(ix);
        return stored;
    }

    /** The whole batch in one commit: a batch costs about what one {@link #put} does. */
    @Override
    public List<Stored> putAll(List<Memory> memories, List<float[]> vectors) {
        Index ix = index();
        if (memories.size() != vectors.size()) {
            throw new IllegalArgumentException("Expected one vector per memory, but there were %d memories and %d vectors"
                    .formatted(memories.size(), vectors.size()));
        }
        vectors.forEach(vector -> requireVector(ix, vector));
        List<Memory> incoming = memories.stream().map(LuceneStore::normalized).toList();
        List<Stored> stored = new ArrayList<>(incoming.size());
        writes.lock();
        try {
            // earlier memories of this batch are not yet in the searcher: look there first
            Map<List<String>, Memory> batch = new HashMap<>();
            for (int i = 0; i < incoming.size(); i++) {
                Memory memory = incoming.get(i);
                List<String> content = List.of(memory.namespace(), memory.contentHash());
                Memory existing = batch.get(content);
                if (existing == null) {
                    existing = read(ix, s -> first(s, sameContent(memory))).orElse(null);
                }
                Memory result = existing == null ? memory : merged(existing, memory);
                float[] vector = vectors.get(i);
                ix.writer().updateDocument(LuceneDocuments.key(result.namespace(), result.id()), LuceneDocuments.document(result, vector));
                batch.put(content, result);
                stored.add(new Stored(result, existing != null));
            }
            ix.searchers().maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("Expected to write to the index at %s, but: %s".formatted(directory, e.getMessage()), e);
        } finally {
            writes.unlock();
        }
        commit(ix);
        return stored;
    }

    @Override
    public Optional<Memory> get(String namespace, String id) {
        Index ix = index();
        return read(ix, s -> first(s, new TermQuery(LuceneDocuments.key(namespace, id))));
    }

    @Override
    public Optional<Memory> replace(String namespace, String id, String content, String contentHash, List<String> tags, ObjectNode metadata,
            float[] vector) {
        Index ix = index();
        requireVector(ix, vector);
        Memory replaced;
        writes.lock();
        try {
            Optional<Memory> existing = read(ix, s -> first(s, new TermQuery(LuceneDocuments.key(namespace, id))));
            if (existing.isEmpty()) {
                return Optional.empty();
            }
            Memory old = existing.get();
            replaced = normalized(new Memory(id, namespace, content, tags, metadata, contentHash, old.createdAt(), now(old.updatedAt())));
            write(ix, w -> w.updateDocument(LuceneDocuments.key(namespace, id), LuceneDocuments.document(replaced, vector)));
        } finally {
            writes.unlock();
        }
        commit(ix);
        return Optional.of(replaced);
    }

    @Override
    public boolean delete(String namespace, String id) {
        return deleteAll(index(), new TermQuery(LuceneDocuments.key(namespace, id))) > 0;
    }

    @Override
    public long delete(MemoryFilter filter) {
        return deleteAll(index(), LuceneQueries.filter(filter));
    }

    private long deleteAll(Index ix, Query query) {
        int count;
        writes.lock();
        try {
            count = read(ix, s -> s.count(query));
            if (count > 0) {
                write(ix, w -> w.deleteDocuments(query));
            }
        } finally {
            writes.unlock();
        }
        if (count > 0) {
            commit(ix);
        }
        return count;
    }

    @Override
    public List<Hit> nearest(MemoryFilter filter, float[] vector, int limit) {
        Index ix = index();
        requireVector(ix, vector);
        requireLimit(limit);
        return read(ix, s -> {
            int k = Math.min(limit, Math.max(1, s.getIndexReader().maxDoc()));
            TopDocs top = s.search(new KnnFloatVectorQuery(LuceneDocuments.VECTOR, vector, k, LuceneQueries.filter(filter)), k);
            // Lucene scores COSINE as (1 + cosine) / 2, so that scores are never negative
            return hits(s, top, score -> 2.0 * score - 1.0);
        });
    }

    @Override
    public List<Hit> keyword(MemoryFilter filter, String query, int limit) {
        Index ix = index();
        requireLimit(limit);
        Query words = LuceneQueries.keyword(analyzer, LuceneQueries.filter(filter), query == null ? "" : query);
        if (words == null) {
            return List.of();
        }
        return read(ix, s -> hits(s, s.search(words, limit), score -> score));
    }

    @Override
    public Page list(MemoryFilter filter, String cursor, int pageSize) {
        Index ix = index();
        requireLimit(pageSize);
        Query query = LuceneQueries.after(LuceneQueries.filter(filter), ListCursor.decode(cursor));
        return read(ix, s -> {
            int n = (int) Math.min(pageSize + 1L, Math.max(1, s.getIndexReader().maxDoc()) + 1L);
            ScoreDoc[] docs = s.search(query, n, NEWEST_FIRST).scoreDocs;
            List<Memory> page = new ArrayList<>();
            for (int i = 0; i < Math.min(docs.length, pageSize); i++) {
                page.add(LuceneDocuments.memory(s.storedFields().document(docs[i].doc)));
            }
            if (docs.length <= pageSize) {
                return new Page(page, null);
            }
            Memory last = page.getLast();
            return new Page(page, new ListCursor(last.createdAt().toEpochMilli(), last.id()).encode());
        });
    }

    @Override
    public long count(MemoryFilter filter) {
        Index ix = index();
        return read(ix, s -> s.count(LuceneQueries.filter(filter)));
    }

    @Override
    public Stats stats(String namespace) {
        Index ix = index();
        return read(ix, s -> s.search(LuceneQueries.filter(MemoryFilter.namespace(namespace)), new LuceneStats()));
    }

    @Override
    public String describe() {
        Index ix = index;
        return ix == null ? "Lucene index at %s (not open)".formatted(directory)
                : "Lucene index at %s (model %s, dimension %d; HNSW cosine vectors, BM25 on English text)".formatted(directory, ix.model(),
                        ix.dimension());
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            Index ix = index;
            index = null;
            if (ix == null) {
                return;
            }
            writes.lock();
            try {
                ix.searchers().close();
                ix.writer().close(); // commits whatever a failed commit left pending
                ix.directory().close();
                analyzer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Expected to close the index at %s, but: %s".formatted(directory, e.getMessage()), e);
            } finally {
                writes.unlock();
            }
        }
    }

    private Index index() {
        Index ix = index;
        if (ix == null) {
            throw new IllegalStateException("Expected an open store, but the one at %s is not open".formatted(directory));
        }
        return ix;
    }

    private static Query sameContent(Memory memory) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(LuceneDocuments.NAMESPACE, memory.namespace())), Occur.FILTER)
                .add(new TermQuery(new Term(LuceneDocuments.HASH, memory.contentHash())), Occur.FILTER)
                .build();
    }

    /** The existing memory with the incoming one's tags added and its metadata laid over; the id, content and createdAt stay. */
    private static Memory merged(Memory existing, Memory incoming) {
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

    /** The memory as this store keeps it: times in whole milliseconds, metadata an object. */
    private static Memory normalized(Memory memory) {
        if (memory == null || memory.id() == null || memory.namespace() == null || memory.content() == null || memory.contentHash() == null) {
            throw new IllegalArgumentException("Expected a memory with an id, a namespace, content and its hash, but one was missing");
        }
        Instant createdAt = memory.createdAt() == null ? Instant.now() : memory.createdAt();
        Instant updatedAt = memory.updatedAt() == null ? createdAt : memory.updatedAt();
        ObjectNode metadata = memory.metadata() == null ? LuceneDocuments.emptyMetadata() : memory.metadata();
        return new Memory(memory.id(), memory.namespace(), memory.content(), memory.tags(), metadata, memory.contentHash(),
                createdAt.truncatedTo(ChronoUnit.MILLIS), updatedAt.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Now in whole milliseconds, and never before {@code previous} (clocks step back). */
    private static Instant now(Instant previous) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return now.isBefore(previous) ? previous : now;
    }

    private static void requireVector(Index ix, float[] vector) {
        if (vector == null || vector.length != ix.dimension()) {
            throw new IllegalArgumentException("Expected a vector of dimension %d (model %s), but it had %s"
                    .formatted(ix.dimension(), ix.model(), vector == null ? "none" : vector.length + " values"));
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

    private static void requireLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("Expected a limit of at least 1, but it was " + limit);
        }
    }

    private static Optional<Memory> first(IndexSearcher searcher, Query query) throws IOException {
        ScoreDoc[] docs = searcher.search(query, 1).scoreDocs;
        return docs.length == 0 ? Optional.empty() : Optional.of(LuceneDocuments.memory(searcher.storedFields().document(docs[0].doc)));
    }

    private static List<Hit> hits(IndexSearcher searcher, TopDocs top, DoubleUnaryOperator score) throws IOException {
        List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
        for (ScoreDoc doc : top.scoreDocs) {
            hits.add(new Hit(LuceneDocuments.memory(searcher.storedFields().document(doc.doc)), score.applyAsDouble(doc.score)));
        }
        return hits;
    }

    private <T> T read(Index ix, Read<T> read) {
        try {
            IndexSearcher searcher = ix.searchers().acquire();
            try {
                return read.apply(searcher);
            } finally {
                ix.searchers().release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Expected to read the index at %s, but: %s".formatted(directory, e.getMessage()), e);
        }
    }

    /** A change, then a refresh so that later lookups see it; the caller holds the write lock. */
    private void write(Index ix, Change change) {
        try {
            change.apply(ix.writer());
            ix.searchers().maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("Expected to write to the index at %s, but: %s".formatted(directory, e.getMessage()), e);
        }
    }

    private void commit(Index ix) {
        try {
            ix.writer().commit();
        } catch (IOException e) {
            throw new UncheckedIOException("Expected to commit to the index at %s, but: %s".formatted(directory, e.getMessage()), e);
        }
    }

    private static void closeQuietly(Directory dir) {
        if (dir != null) {
            try {
                dir.close();
            } catch (IOException | RuntimeException ignored) {
                // the error being thrown says more
            }
        }
    }
}
