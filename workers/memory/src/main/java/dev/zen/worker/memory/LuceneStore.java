package dev.zen.worker.memory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleUnaryOperator;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import tools.jackson.databind.node.ObjectNode;

/**
 * The embedded {@link MemoryStore}: one Apache Lucene index in a directory of its own ({@code MEMORY_DATA_DIR}),
 * holding vectors in an HNSW graph (cosine similarity) and the text for BM25 keyword search, so it needs
 * nothing but a JDK. The collection's model and dimension live in the index's commit user data, written
 * with the first commit and checked on every {@link #open} ({@link LuceneIndex}). Document layout:
 * {@link LuceneDocuments}; queries: {@link LuceneQueries}.
 *
 * <p>Text is analyzed by Lucene's {@link EnglishAnalyzer} (standard tokenization, lower case, English stop
 * words, Porter stemming), so "deployed" finds "deploy", as PostgreSQL's {@code english} configuration
 * does for the pgvector store; the embedding model is English too. Filters are Lucene queries, given to
 * the kNN query as its filter, so HNSW searches only the memories that pass (exactly, when few do).
 *
 * <p>Thread-safe. Reads run concurrently on near-real-time searchers ({@code SearcherManager}). Writes take
 * one lock for their read-modify-write (a duplicate's lookup and merge, a replace, a counted delete) and
 * a searcher refresh, so the next write and every later read see them; then they commit outside the
 * lock, and a write returns only when its commit is on disk. That is what a write costs: each one
 * flushes a small segment and fsyncs it and the commit point (on a loaded two-core VM, 25 to 60 ms a
 * single put; concurrent writers share commits). Batches ({@link #putAll}) pay it once. Only one store
 * may open a directory at a time (Lucene's write lock).
 *
 * <p>BM25 scores a keyword search with the statistics of its namespace alone ({@link NamespaceStatistics}),
 * so one namespace's rankings never depend on another's text. Vectors have at most
 * {@value LuceneIndex#MAX_DIMENSION} values (the limit of Lucene's HNSW format).
 */
public final class LuceneStore implements MemoryStore {

    private static final Sort NEWEST_FIRST = new Sort(new SortField(LuceneDocuments.CREATED_AT, SortField.Type.LONG, true),
            new SortField(LuceneDocuments.ID, SortField.Type.STRING, true));

    private final Path directory;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final ReentrantLock writes = new ReentrantLock();
    private final Object lifecycle = new Object();
    private volatile LuceneIndex index;
    private boolean closed;

    /** A store on the index in {@code directory} (made on {@link #open} when missing). */
    public LuceneStore(Path directory) {
        this.directory = directory;
    }

    @Override
    public void open(String model, int dimension) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("Expected the name of an embedding model, but it was empty");
        }
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("Expected an open store, but the one at %s was closed".formatted(directory));
            }
            if (index != null) {
                index.requireSame(model, dimension);
                return;
            }
            index = LuceneIndex.open(directory, analyzer, model, dimension);
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
        LuceneIndex ix = index();
        ix.requireVector(vector);
        Memory incoming = MemoryWrites.normalized(memory);
        Stored stored;
        writes.lock();
        try {
            Optional<Memory> existing = ix.read(s -> first(s, sameContent(incoming)));
            stored = existing.isPresent() ? new Stored(MemoryWrites.merged(existing.get(), incoming), true) : new Stored(incoming, false);
            Memory result = stored.memory();
            ix.write(w -> w.updateDocument(LuceneDocuments.key(result.namespace(), result.id()), LuceneDocuments.document(result, vector)));
        } finally {
            writes.unlock();
        }
        ix.commit();
        return stored;
    }

    /** The whole batch in one commit: a batch of a hundred costs a few times what one {@link #put} does, not a hundred. */
    @Override
    public List<Stored> putAll(List<Memory> memories, List<float[]> vectors) {
        LuceneIndex ix = index();
        if (memories.size() != vectors.size()) {
            throw new IllegalArgumentException("Expected one vector per memory, but there were %d memories and %d vectors"
                    .formatted(memories.size(), vectors.size()));
        }
        vectors.forEach(ix::requireVector);
        List<Memory> incoming = memories.stream().map(MemoryWrites::normalized).toList();
        List<Stored> stored = new ArrayList<>(incoming.size());
        writes.lock();
        try {
            ix.write(writer -> {
                // earlier memories of this batch are not yet in the searcher: look among them first
                Map<List<String>, Memory> batch = new HashMap<>();
                for (int i = 0; i < incoming.size(); i++) {
                    Memory memory = incoming.get(i);
                    List<String> content = List.of(memory.namespace(), memory.contentHash());
                    Memory existing = batch.get(content);
                    if (existing == null) {
                        existing = ix.read(s -> first(s, sameContent(memory))).orElse(null);
                    }
                    Memory result = existing == null ? memory : MemoryWrites.merged(existing, memory);
                    writer.updateDocument(LuceneDocuments.key(result.namespace(), result.id()), LuceneDocuments.document(result, vectors.get(i)));
                    batch.put(content, result);
                    stored.add(new Stored(result, existing != null));
                }
            });
        } finally {
            writes.unlock();
        }
        ix.commit();
        return stored;
    }

    @Override
    public Optional<Memory> get(String namespace, String id) {
        return index().read(s -> first(s, new TermQuery(LuceneDocuments.key(namespace, id))));
    }

    @Override
    public Optional<Memory> replace(String namespace, String id, String content, String contentHash, List<String> tags, ObjectNode metadata,
            float[] vector) {
        LuceneIndex ix = index();
        ix.requireVector(vector);
        Memory replaced;
        writes.lock();
        try {
            Optional<Memory> existing = ix.read(s -> first(s, new TermQuery(LuceneDocuments.key(namespace, id))));
            if (existing.isEmpty()) {
                return Optional.empty();
            }
            Memory old = existing.get();
            replaced = MemoryWrites.normalized(new Memory(id, namespace, content, tags, metadata, contentHash, old.createdAt(),
                    MemoryWrites.now(old.updatedAt())));
            Memory same = replaced;
            if (ix.read(s -> first(s, sameContent(same))).filter(other -> !other.id().equals(id)).isPresent()) {
                throw new DuplicateContent(namespace, null);
            }
            ix.write(w -> w.updateDocument(LuceneDocuments.key(namespace, id), LuceneDocuments.document(replaced, vector)));
        } finally {
            writes.unlock();
        }
        ix.commit();
        return Optional.of(replaced);
    }

    @Override
    public boolean delete(String namespace, String id) {
        return deleteAll(new TermQuery(LuceneDocuments.key(namespace, id))) > 0;
    }

    @Override
    public long delete(MemoryFilter filter) {
        return deleteAll(LuceneQueries.filter(filter));
    }

    private long deleteAll(Query query) {
        LuceneIndex ix = index();
        int count;
        writes.lock();
        try {
            count = ix.read(s -> s.count(query));
            if (count > 0) {
                ix.write(w -> w.deleteDocuments(query));
            }
        } finally {
            writes.unlock();
        }
        if (count > 0) {
            ix.commit();
        }
        return count;
    }

    @Override
    public List<Hit> nearest(MemoryFilter filter, float[] vector, int limit) {
        LuceneIndex ix = index();
        ix.requireVector(vector);
        requireLimit(limit);
        return ix.read(s -> {
            // k sizes a heap: never more than the index holds (a limit of 10^9 must not allocate 10^9)
            int k = Math.min(limit, Math.max(1, s.getIndexReader().maxDoc()));
            TopDocs top = s.search(new KnnFloatVectorQuery(LuceneDocuments.VECTOR, vector, k, LuceneQueries.filter(filter)), k);
            // Lucene scores COSINE as (1 + cosine) / 2, so that scores are never negative
            return hits(s, top, score -> 2.0 * score - 1.0);
        });
    }

    @Override
    public List<Hit> keyword(MemoryFilter filter, String query, int limit) {
        LuceneIndex ix = index();
        requireLimit(limit);
        Query words = LuceneQueries.keyword(analyzer, LuceneQueries.filter(filter), query == null ? "" : query);
        if (words == null) {
            return List.of();
        }
        // BM25 weighs words by the namespace's own statistics, never the whole index's (NamespaceStatistics)
        return ix.read(s -> {
            IndexSearcher scoped = NamespaceStatistics.of(s, filter.namespace());
            return hits(scoped, scoped.search(words, limit), score -> score); // IndexSearcher caps the limit at the index's size
        });
    }

    @Override
    public Page list(MemoryFilter filter, String cursor, int pageSize) {
        LuceneIndex ix = index();
        requireLimit(pageSize);
        Query query = LuceneQueries.after(LuceneQueries.filter(filter), ListCursor.decode(cursor));
        return ix.read(s -> {
            // one more than a page tells whether another follows
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
        return index().read(s -> s.count(LuceneQueries.filter(filter)));
    }

    @Override
    public Stats stats(String namespace) {
        return index().read(s -> s.search(LuceneQueries.filter(MemoryFilter.namespace(namespace)), new LuceneStats()));
    }

    @Override
    public String describe() {
        LuceneIndex ix = index;
        return ix == null ? "Lucene index at %s (not open)".formatted(directory)
                : "Lucene index at %s (model %s, dimension %d; HNSW cosine vectors, BM25 on English text)".formatted(directory, ix.model(),
                        ix.dimension());
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            LuceneIndex ix = index;
            index = null;
            if (ix == null) {
                return;
            }
            writes.lock();
            try {
                ix.close();
                analyzer.close();
            } finally {
                writes.unlock();
            }
        }
    }

    private LuceneIndex index() {
        LuceneIndex ix = index;
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
}
