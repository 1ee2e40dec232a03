package dev.zen.worker.memory;

/** The store adapter the settings name. */
final class Stores {

    private Stores() {
    }

    static MemoryStore open(MemorySettings settings) {
        return switch (settings.store()) {
            case LUCENE -> new LuceneStore(settings.dataDir());
            case PGVECTOR -> new PgVectorStore(settings.pgUrl(), settings.pgUser(), blankToNull(settings.pgPassword()), settings.collection());
            case QDRANT -> new QdrantStore(settings.qdrantHost(), settings.qdrantPort(), settings.qdrantTls(),
                    blankToNull(settings.qdrantApiKey()), settings.collection());
        };
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
