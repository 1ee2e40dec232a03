package dev.zen.worker.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** Reciprocal rank fusion. */
class HybridRankingTest {

    private static Memory memory(String id) {
        return new Memory(id, "~t", "text " + id, List.of(), JsonNodeFactory.instance.objectNode(), id, Instant.EPOCH, Instant.EPOCH);
    }

    private static MemoryStore.Hit hit(String id, double score) {
        return new MemoryStore.Hit(memory(id), score);
    }

    @Test
    void shouldFuseRanksNotScores() {
        // b is second in both rankings, a first in one only and absent from the other: b wins
        List<HybridRanking.Fused> fused = HybridRanking.fuse(List.of(hit("a", 0.99), hit("b", 0.5), hit("c", 0.4)),
                List.of(hit("d", 30.0), hit("b", 12.0)), 10);
        assertThat(fused).extracting(f -> f.memory().id()).containsExactly("b", "a", "d", "c");
        assertThat(fused.getFirst().score()).isCloseTo((1.0 / 62 + 1.0 / 62) / (2.0 / 61), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(fused.getFirst().similarity()).isEqualTo(0.5);
        assertThat(fused.get(2).similarity()).isNull(); // d was found by words only
        // first in both is 1
        assertThat(HybridRanking.fuse(List.of(hit("x", 0.9)), List.of(hit("x", 1.0)), 5).getFirst().score()).isEqualTo(1.0);
        assertThat(HybridRanking.fuse(List.of(hit("a", 1), hit("b", 1), hit("c", 1)), List.of(), 2)).hasSize(2);
    }
}
