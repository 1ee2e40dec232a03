package dev.zen.worker.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hybrid ranking by reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): each memory
 * scores {@code Σ 1/(K + rank)} over the rankings it appears in (vector similarity, keyword relevance),
 * with {@code K = 60}. Ranks, not raw scores, are fused, so cosine similarities and BM25 scores need no
 * common scale. The fused score is reported divided by its maximum ({@code 2/(K+1)}, first in both), so
 * it lies in (0, 1]. Stateless.
 */
final class HybridRanking {

    static final int K = 60;
    private static final double MAX = 2.0 / (K + 1);

    /** One fused hit: the memory, its fused score in (0, 1], and its cosine similarity (null when the vector search did not find it). */
    record Fused(Memory memory, double score, Double similarity, Integer vectorRank, Integer keywordRank) {
    }

    private HybridRanking() {
    }

    static List<Fused> fuse(List<MemoryStore.Hit> vector, List<MemoryStore.Hit> keyword, int limit) {
        Map<String, double[]> scores = new LinkedHashMap<>();
        Map<String, Memory> memories = new LinkedHashMap<>();
        Map<String, Double> similarity = new LinkedHashMap<>();
        Map<String, Integer> vectorRanks = new LinkedHashMap<>();
        Map<String, Integer> keywordRanks = new LinkedHashMap<>();
        for (int rank = 0; rank < vector.size(); rank++) {
            MemoryStore.Hit hit = vector.get(rank);
            memories.putIfAbsent(hit.memory().id(), hit.memory());
            scores.computeIfAbsent(hit.memory().id(), id -> new double[1])[0] += 1.0 / (K + rank + 1);
            similarity.put(hit.memory().id(), hit.score());
            vectorRanks.put(hit.memory().id(), rank + 1);
        }
        for (int rank = 0; rank < keyword.size(); rank++) {
            MemoryStore.Hit hit = keyword.get(rank);
            memories.putIfAbsent(hit.memory().id(), hit.memory());
            scores.computeIfAbsent(hit.memory().id(), id -> new double[1])[0] += 1.0 / (K + rank + 1);
            keywordRanks.put(hit.memory().id(), rank + 1);
        }
        List<Fused> fused = new ArrayList<>();
        scores.forEach((id, score) -> fused.add(new Fused(memories.get(id), score[0] / MAX, similarity.get(id), vectorRanks.get(id),
                keywordRanks.get(id))));
        fused.sort(Comparator.comparingDouble(Fused::score).reversed().thenComparing(f -> f.memory().id()));
        return fused.size() > limit ? fused.subList(0, limit) : fused;
    }
}
