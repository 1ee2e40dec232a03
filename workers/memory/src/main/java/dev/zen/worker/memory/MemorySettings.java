package dev.zen.worker.memory;

import dev.zen.worker.runtime.settings.Setting;
import dev.zen.worker.runtime.settings.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Configuration of the memory service: which store (the embedded index by default, pgvector or
 * Qdrant) and where, which embedding model, and the caps. Immutable.
 */
public record MemorySettings(
        Store store,
        Path dataDir,
        String pgUrl,
        String pgUser,
        String pgPassword,
        String qdrantHost,
        int qdrantPort,
        boolean qdrantTls,
        String qdrantApiKey,
        String collection,
        Embedding embedding,
        URI embeddingUrl,
        String embeddingModel,
        int embeddingDimension,
        String embeddingApiKey,
        long maxContentBytes) {

    /** The store adapters. */
    public enum Store {
        LUCENE, PGVECTOR, QDRANT
    }

    /** The embedding adapters. */
    public enum Embedding {
        MINILM, HTTP
    }

    public static final Setting<Store> STORE = Setting.choice("MEMORY_STORE", "where memories live: `lucene` (an embedded index "
            + "under MEMORY_DATA_DIR), `pgvector` (PostgreSQL with pgvector, MEMORY_PG_URL) or `qdrant` (QDRANT_HOST)", Store.class)
            .defaultsTo("lucene");
    public static final Setting<Path> DATA_DIR = Setting.path("MEMORY_DATA_DIR", "the embedded index's directory (MEMORY_STORE=lucene)")
            .defaultsTo("./data/memory");
    public static final Setting<String> PG_URL = Setting.string("MEMORY_PG_URL", "JDBC URL of the pgvector store's database")
            .defaultsTo("jdbc:postgresql://127.0.0.1:5432/zen_memory");
    public static final Setting<String> PG_USER = Setting.string("MEMORY_PG_USER", "role of the pgvector store").defaultsTo("postgres");
    public static final Setting<String> PG_PASSWORD = Setting.string("MEMORY_PG_PASSWORD", "password of the pgvector store's role "
            + "(empty: none)").secret();
    public static final Setting<String> QDRANT_HOST = Setting.string("QDRANT_HOST", "the Qdrant server (MEMORY_STORE=qdrant)")
            .defaultsTo("127.0.0.1");
    public static final Setting<Integer> QDRANT_PORT = Setting.integer("QDRANT_PORT", "Qdrant's gRPC port", 1, 65535).defaultsTo("6334");
    public static final Setting<Boolean> QDRANT_TLS = Setting.bool("QDRANT_TLS", "connect to Qdrant over TLS").defaultsTo("off");
    public static final Setting<String> QDRANT_API_KEY = Setting.string("QDRANT_API_KEY", "Qdrant's API key (empty: none)").secret();
    public static final Setting<String> COLLECTION = Setting.string("MEMORY_COLLECTION", "the collection (table prefix, Qdrant "
            + "collection) memories live in").defaultsTo("zen_memories")
            .check(v -> v.matches("[a-z][a-z0-9_]{0,40}"), "a lower-case identifier of at most 41 characters");
    public static final Setting<Embedding> EMBEDDING = Setting.choice("MEMORY_EMBEDDING", "the embedding model: `minilm` "
            + "(all-MiniLM-L6-v2, 384 dimensions, in this process) or `http` (an OpenAI-compatible /v1/embeddings at "
            + "MEMORY_EMBEDDING_URL)", Embedding.class).defaultsTo("minilm");
    public static final Setting<String> EMBEDDING_URL = Setting.string("MEMORY_EMBEDDING_URL", "the HTTP embedding endpoint "
            + "(MEMORY_EMBEDDING=http), e.g. http://127.0.0.1:8080/v1/embeddings");
    public static final Setting<String> EMBEDDING_MODEL = Setting.string("MEMORY_EMBEDDING_MODEL", "the HTTP provider's model name, "
            + "recorded with the collection").defaultsTo("text-embedding-3-small");
    public static final Setting<Integer> EMBEDDING_DIMENSION = Setting.integer("MEMORY_EMBEDDING_DIMENSION", "the HTTP provider's "
            + "vector length", 1, 16_384).defaultsTo("1536");
    public static final Setting<String> EMBEDDING_API_KEY = Setting.string("MEMORY_EMBEDDING_API_KEY", "the HTTP provider's API "
            + "key (sent as a bearer token)").secret();
    public static final Setting<Long> MAX_CONTENT = Setting.size("MEMORY_MAX_CONTENT", "the largest memory text, in UTF-8 bytes")
            .defaultsTo("32KB").check(v -> v <= 1024 * 1024, "at most 1MB");

    public static final List<Setting<?>> ALL = List.of(STORE, DATA_DIR, PG_URL, PG_USER, PG_PASSWORD, QDRANT_HOST, QDRANT_PORT,
            QDRANT_TLS, QDRANT_API_KEY, COLLECTION, EMBEDDING, EMBEDDING_URL, EMBEDDING_MODEL, EMBEDDING_DIMENSION, EMBEDDING_API_KEY, MAX_CONTENT);

    public static MemorySettings from(Settings values) {
        String url = values.get(EMBEDDING_URL);
        return new MemorySettings(values.get(STORE), values.get(DATA_DIR), values.get(PG_URL), values.get(PG_USER),
                values.get(PG_PASSWORD), values.get(QDRANT_HOST), values.get(QDRANT_PORT), values.get(QDRANT_TLS), values.get(QDRANT_API_KEY),
                values.get(COLLECTION), values.get(EMBEDDING), url == null || url.isBlank() ? null : URI.create(url.strip()),
                values.get(EMBEDDING_MODEL), values.get(EMBEDDING_DIMENSION), values.get(EMBEDDING_API_KEY), values.get(MAX_CONTENT));
    }

    @Override
    public String toString() {
        return "MemorySettings[store=" + store + ", dataDir=" + dataDir + ", pgUrl=" + pgUrl + ", qdrant=" + qdrantHost + ":" + qdrantPort
                + ", collection=" + collection + ", embedding=" + embedding + "]";
    }
}
