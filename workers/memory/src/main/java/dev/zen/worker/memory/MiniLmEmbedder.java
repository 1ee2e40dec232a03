package dev.zen.worker.memory;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (384 dimensions, normalised vectors) run in this process by ONNX Runtime, the model
 * read from inside its Maven artifact: nothing is downloaded. Loaded once per worker (about 2 s and
 * a few hundred MB); a batch is embedded in one call. Thread-safe.
 */
final class MiniLmEmbedder implements Embedder {

    static final String MODEL = "all-MiniLM-L6-v2";
    static final int DIMENSION = 384;

    private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<Embedding> embeddings = model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        return embeddings.stream().map(Embedding::vector).toList();
    }
}
