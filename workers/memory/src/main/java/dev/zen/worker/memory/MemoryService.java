package dev.zen.worker.memory;

import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.WorkerService;
import dev.zen.worker.runtime.settings.Setting;
import dev.zen.worker.runtime.settings.Settings;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code memory} service: memories embedded in this process (or by an HTTP provider), kept in the
 * embedded Lucene index, pgvector or Qdrant, found by hybrid search, in namespaces private to each
 * principal unless the policy file shares one.
 */
public final class MemoryService implements WorkerService {

    public static final String SERVICE = "memory";
    private static final Logger LOG = LoggerFactory.getLogger(MemoryService.class);

    private Memories memories;

    @Override
    public String name() {
        return SERVICE;
    }

    @Override
    public String summary() {
        return "long-term memory: in-process embeddings, hybrid search over an embedded index, pgvector or Qdrant, private namespaces";
    }

    @Override
    public List<Setting<?>> settings() {
        return MemorySettings.ALL;
    }

    @Override
    public synchronized ServiceDefinition define(Settings values, String version) {
        if (memories == null) {
            memories = create(MemorySettings.from(values));
            Memories created = memories;
            Runtime.getRuntime().addShutdownHook(new Thread(created::close, "zen-memory-stop"));
        }
        return definition(memories, version);
    }

    @Override
    public synchronized String describe(Settings values) {
        return memories == null ? "" : memories.store().describe() + ", model " + memories.embedder().model() + " ("
                + memories.embedder().dimension() + " dimensions)";
    }

    /** The embedder and store the settings name, the store opened for the embedder's model. */
    static Memories create(MemorySettings settings) {
        Embedder embedder = switch (settings.embedding()) {
            case MINILM -> new MiniLmEmbedder();
            case HTTP -> {
                if (settings.embeddingUrl() == null) {
                    throw new IllegalArgumentException("Expected MEMORY_EMBEDDING_URL with MEMORY_EMBEDDING=http, but it is not set");
                }
                yield new HttpEmbedder(settings.embeddingUrl(), settings.embeddingModel(), settings.embeddingDimension(),
                        settings.embeddingApiKey());
            }
        };
        long started = System.nanoTime();
        MemoryStore store = Stores.open(settings);
        Memories memories = new Memories(embedder, store, settings.maxContentBytes());
        LOG.info("Memory store {} opened for {} ({} dimensions) in {} ms", store.describe(), embedder.model(), embedder.dimension(),
                (System.nanoTime() - started) / 1_000_000);
        return memories;
    }

    /** The tools and the resource template over {@code memories}. */
    static ServiceDefinition definition(Memories memories, String version) {
        return new ServiceDefinition(SERVICE, version, List.of(
                StoreMemoryTool.definition(memories),
                SearchMemoriesTool.definition(memories),
                GetContextTool.definition(memories),
                ListMemoriesTool.definition(memories),
                MemoryStatsTool.definition(memories),
                GetMemoryTool.definition(memories),
                UpdateMemoryTool.definition(memories),
                DeleteMemoryTool.definition(memories)),
                List.of(), List.of(MemoryResources.definition(memories)), List.of());
    }
}
