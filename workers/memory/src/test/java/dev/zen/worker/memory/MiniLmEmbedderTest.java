package dev.zen.worker.memory;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.util.Utils;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedder's own ONNX session gives the model's vectors, and the tokenizer's library stays offline. */
class MiniLmEmbedderTest {

    @Test
    void theTunedSessionGivesTheSameVectorsAsLangchain4jsDefaultOne() {
        List<String> texts = List.of("The deploy pipeline needs two approvals.", "Wer hat an der Uhr gedreht?", "x");
        List<float[]> ours = TestMemories.embedder().embed(texts);
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        for (int i = 0; i < texts.size(); i++) {
            float[] theirs = reference.embed(TextSegment.from(texts.get(i))).content().vector();
            assertThat(ours.get(i)).hasSize(MiniLmEmbedder.DIMENSION);
            assertThat(cosine(ours.get(i), theirs)).as("cosine of the two vectors of '%s'", texts.get(i)).isGreaterThan(0.9999);
        }
    }

    @Test
    void theTokenizersLibraryMakesNoTelemetryCallAndDownloadsNothing() {
        TestMemories.embedder().embed(List.of("load the model"));
        assertThat(Utils.getEnvOrSystemProperty("OPT_OUT_TRACKING")).isEqualTo("true");
        assertThat(Utils.isOfflineMode()).isTrue();
    }

    @Test
    void aBatchIsEmbeddedInOrder() {
        List<String> texts = List.of("alpha beta", "the billing service moved", "alpha beta");
        List<float[]> vectors = TestMemories.embedder().embed(texts);
        assertThat(cosine(vectors.get(0), vectors.get(2))).isGreaterThan(0.9999);
        assertThat(cosine(vectors.get(0), vectors.get(1))).isLessThan(0.9);
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
