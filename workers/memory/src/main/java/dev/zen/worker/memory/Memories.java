package dev.zen.worker.memory;

import dev.zen.worker.runtime.ToolFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the memory tools do, over one {@link Embedder} and one {@link MemoryStore}: store (a batch
 * embedded together, duplicates merged), hybrid search, context packing within a token budget, and
 * updates that re-embed. Knows nothing of calls or principals: namespaces are resolved before.
 * Thread-safe.
 */
final class Memories implements AutoCloseable {

    /** Candidates each ranking contributes to a hybrid search, per result asked for. */
    static final int CANDIDATES_PER_RESULT = 4;
    static final int MAX_CANDIDATES = 200;

    /** A memory to store. */
    record NewMemory(String content, List<String> tags, ObjectNode metadata) {
    }

    /** What {@link #context} packed: the memories in, the tokens used, and what was left out. */
    record Context(List<HybridRanking.Fused> included, int tokensUsed, List<HybridRanking.Fused> leftOut) {
    }

    private final Embedder embedder;
    private final MemoryStore store;
    private final long maxContentBytes;

    Memories(Embedder embedder, MemoryStore store, long maxContentBytes) {
        this.embedder = embedder;
        this.store = store;
        this.maxContentBytes = maxContentBytes;
        store.open(embedder.model(), embedder.dimension());
    }

    MemoryStore store() {
        return store;
    }

    Embedder embedder() {
        return embedder;
    }

    long maxContentBytes() {
        return maxContentBytes;
    }

    /** Stores {@code items} in {@code namespace}, embedded in one batch; each answer says whether it merged into an existing one. */
    List<MemoryStore.Stored> store(String namespace, List<NewMemory> items) {
        for (int i = 0; i < items.size(); i++) {
            checkSize(items.get(i).content(), items.size() == 1 ? "content" : "memories[" + i + "].content");
        }
        List<float[]> vectors = embed(items.stream().map(NewMemory::content).toList());
        Instant now = Instant.now();
        List<Memory> memories = new ArrayList<>();
        for (NewMemory item : items) {
            memories.add(new Memory(UUID.randomUUID().toString(), namespace, item.content(), item.tags(),
                    item.metadata() == null ? JsonNodeFactory.instance.objectNode() : item.metadata(), hash(item.content()), now, now));
        }
        // one batch: the embedded index makes it durable in one commit
        return store.putAll(memories, vectors);
    }

    /** The best memories for {@code query}: vector and keyword rankings fused; {@code minScore} bounds the cosine similarity. */
    List<HybridRanking.Fused> search(MemoryFilter filter, String query, int limit, Double minScore) {
        int candidates = Math.min(MAX_CANDIDATES, Math.max(limit * CANDIDATES_PER_RESULT, 20));
        float[] vector = embed(List.of(query)).getFirst();
        List<MemoryStore.Hit> nearest = store.nearest(filter, vector, candidates);
        List<MemoryStore.Hit> keyword = store.keyword(filter, query, candidates);
        List<HybridRanking.Fused> fused = HybridRanking.fuse(nearest, keyword, candidates);
        if (minScore != null) {
            fused = fused.stream().filter(f -> f.similarity() != null && f.similarity() >= minScore).toList();
        }
        return fused.size() > limit ? fused.subList(0, limit) : fused;
    }

    /** The best memories for {@code query} that fit in {@code tokenBudget} (about four characters a token), best first. */
    Context context(MemoryFilter filter, String query, int tokenBudget, int candidates) {
        List<HybridRanking.Fused> ranked = search(filter, query, candidates, null);
        List<HybridRanking.Fused> included = new ArrayList<>();
        List<HybridRanking.Fused> leftOut = new ArrayList<>();
        int used = 0;
        for (HybridRanking.Fused hit : ranked) {
            int tokens = tokens(hit.memory().content());
            if (used + tokens <= tokenBudget) {
                included.add(hit);
                used += tokens;
            } else {
                leftOut.add(hit);
            }
        }
        return new Context(included, used, leftOut);
    }

    /** Replaces a memory's content (re-embedded), tags or metadata; what is not given stays. */
    Optional<Memory> update(String namespace, String id, String content, List<String> tags, ObjectNode metadata) {
        Optional<Memory> existing = store.get(namespace, id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        Memory old = existing.get();
        String text = content == null ? old.content() : content;
        checkSize(text, "content");
        float[] vector = embed(List.of(text)).getFirst();
        try {
            return store.replace(namespace, id, text, hash(text), tags == null ? old.tags() : tags,
                    metadata == null ? old.metadata() : metadata, vector);
        } catch (DuplicateContent e) {
            throw new ToolFailure(e.getMessage() + " (update that memory, or delete one); nothing was changed", e);
        }
    }

    static int tokens(String text) {
        return (text.length() + 3) / 4;
    }

    private List<float[]> embed(List<String> texts) {
        List<float[]> vectors;
        try {
            vectors = embedder.embed(texts);
        } catch (IllegalStateException e) {
            throw new ToolFailure(e.getMessage() + "; nothing was stored or searched", e);
        }
        for (float[] vector : vectors) {
            if (vector.length != store.dimension()) {
                throw new ToolFailure("Expected vectors of " + store.dimension() + " dimensions (the collection's model, "
                        + store.model() + "), but the embedding model " + embedder.model() + " made " + vector.length
                        + "; nothing was stored (check MEMORY_EMBEDDING settings)");
            }
        }
        return vectors;
    }

    private void checkSize(String content, String field) {
        long bytes = content.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxContentBytes) {
            throw new ToolFailure("Expected '" + field + "' of at most " + maxContentBytes + " bytes (MEMORY_MAX_CONTENT), but it has "
                    + bytes + "; nothing was stored");
        }
        if (content.isBlank()) {
            throw new ToolFailure("Expected '" + field + "' to hold text, but it is blank; nothing was stored");
        }
    }

    static String hash(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        store.close();
        embedder.close();
    }
}
