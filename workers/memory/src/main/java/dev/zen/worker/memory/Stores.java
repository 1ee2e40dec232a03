package dev.zen.worker.memory;

/** The store adapter the settings name. */
final class Stores {

    private Stores() {
    }

    static MemoryStore open(MemorySettings settings) {
        return switch (settings.store()) {
            case LUCENE -> new LuceneStore(settings.dataDir());
            case PGVECTOR, QDRANT -> throw new IllegalArgumentException("Expected MEMORY_STORE lucene, but " + settings.store()
                    + " is not built yet");
        };
    }
}
