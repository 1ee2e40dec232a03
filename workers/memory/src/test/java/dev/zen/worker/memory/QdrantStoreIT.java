package dev.zen.worker.memory;

import static dev.zen.worker.memory.PgVectorStoreIT.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.zen.worker.memory.MemoryFilter.TagMatch;
import dev.zen.worker.memory.MemoryStore.Hit;
import dev.zen.worker.memory.MemoryStore.Page;
import dev.zen.worker.memory.MemoryStore.Stats;
import dev.zen.worker.memory.MemoryStore.Stored;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.qdrant.QdrantContainer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Qdrant store against a real Qdrant server in Docker (Testcontainers; image {@code qdrant/qdrant},
 * tag from {@code -Dzen.qdrant.image=…}). Where there is no Docker, the whole class is reported as
 * skipped. Each test works in a collection of its own.
 *
 * <p>{@link #newStore} and {@link #reopen} are the hooks of the {@code MemoryStoreContract} suite, which
 * this class is ready to extend.
 */
@Testcontainers(disabledWithoutDocker = true)
class QdrantStoreIT extends MemoryStoreContract {

    @Container
    static final QdrantContainer QDRANT = new QdrantContainer(System.getProperty("zen.qdrant.image", "qdrant/qdrant:v1.18.0"));

    static final JsonMapper JSON = JsonMapper.shared();

    private final List<MemoryStore> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(MemoryStore::close);
    }

    /** A fresh, empty, open store: a collection of its own on the shared server. */
    protected MemoryStore newStore(String model, int dimension) {
        return open("c_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()), model, dimension);
    }

    /** A new store (and client) on the same collection as {@code closed}, open for the same model. */
    protected MemoryStore reopen(MemoryStore closed) {
        return open(((QdrantStore) closed).collection(), closed.model(), closed.dimension());
    }

    private MemoryStore open(String collection, String model, int dimension) {
        QdrantStore store = new QdrantStore(QDRANT.getHost(), QDRANT.getGrpcPort(), false, null, collection);
        stores.add(store);
        store.open(model, dimension);
        return store;
    }

    @Test
    void shouldRecordTheModelAndRefuseAnotherOnOpen() {
        // given
        QdrantStore first = (QdrantStore) newStore("mini", 3);
        first.close();

        // when / then
        assertThatThrownBy(() -> open(first.collection(), "large", 3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mini").hasMessageContaining("large");
        assertThatThrownBy(() -> open(first.collection(), "mini", 4)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("3 dimensions").hasMessageContaining("4 dimensions");
        assertThat(reopen(first).describe()).contains("Qdrant").contains(first.collection());
    }

    @Test
    void shouldStoreMergeAndReadBack() {
        // given
        MemoryStore store = newStore("mini", 3);
        Memory first = sample("alice", "the same words", List.of("a", "b"), JSON.createObjectNode().put("x", 1).put("y", 1), Instant.now());
        Stored stored = store.put(first, new float[] {1, 0, 0});

        // when
        Stored merged = store.put(sample("alice", "the same words", List.of("b", "c"), JSON.createObjectNode().put("y", 2), Instant.now()),
                new float[] {1, 0, 0});
        Stored elsewhere = store.put(sample("bob", "the same words", List.of(), null, Instant.now()), new float[] {1, 0, 0});

        // then
        assertThat(stored.merged()).isFalse();
        assertThat(store.get("alice", first.id())).contains(merged.memory());
        assertThat(merged.merged()).isTrue();
        assertThat(merged.memory().id()).isEqualTo(first.id());
        assertThat(merged.memory().tags()).containsExactly("a", "b", "c");
        assertThat(merged.memory().metadata()).isEqualTo(JSON.createObjectNode().put("x", 1).put("y", 2));
        assertThat(elsewhere.merged()).isFalse();
        assertThat(store.get("bob", first.id())).isEmpty();
        assertThat(store.get("alice", "not-a-uuid")).isEmpty();
        assertThat(store.count(MemoryFilter.namespace("alice"))).isEqualTo(1);
        assertThatThrownBy(() -> store.put(sample("alice", "wrong", List.of(), null, Instant.now()), new float[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 values");
    }

    @Test
    void shouldRankNearestByCosineWithinTheFilter() {
        // given
        MemoryStore store = newStore("mini", 3);
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        store.put(sample("alice", "east", List.of("dir", "x"), null, t0), new float[] {1, 0, 0});
        store.put(sample("alice", "northeast", List.of("dir"), null, t0.plusSeconds(60)), new float[] {1, 1, 0});
        store.put(sample("alice", "north", List.of("dir", "y"), null, t0.plusSeconds(120)), new float[] {0, 1, 0});
        store.put(sample("bob", "bob's east", List.of("x"), null, t0), new float[] {1, 0, 0});

        // when
        List<Hit> all = store.nearest(MemoryFilter.namespace("alice"), new float[] {2, 0, 0}, 10);

        // then
        assertThat(all).extracting(hit -> hit.memory().content()).containsExactly("east", "northeast", "north");
        assertThat(all.get(1).score()).isCloseTo(Math.sqrt(0.5), within(1e-4));
        assertThat(store.nearest(new MemoryFilter("alice", List.of("x", "y"), TagMatch.ANY, null, null), new float[] {1, 0, 0}, 10))
                .extracting(hit -> hit.memory().content()).containsExactly("east", "north");
        assertThat(store.nearest(new MemoryFilter("alice", List.of("dir", "y"), TagMatch.ALL, null, null), new float[] {1, 0, 0}, 10))
                .extracting(hit -> hit.memory().content()).containsExactly("north");
        assertThat(store.nearest(new MemoryFilter("alice", List.of(), TagMatch.ANY, t0.plusSeconds(60), t0.plusSeconds(120)),
                new float[] {1, 0, 0}, 10)).extracting(hit -> hit.memory().content()).containsExactly("northeast");
    }

    @Test
    void shouldRankKeywordHitsByTheShareOfQueryWordsTheyHold() {
        // given
        MemoryStore store = newStore("mini", 3);
        store.put(sample("alice", "Kafka brokers replicate partitions", List.of(), null, Instant.now()), new float[] {1, 0, 0});
        store.put(sample("alice", "The broker restarted; Kafka recovered", List.of(), null, Instant.now()), new float[] {0, 1, 0});
        store.put(sample("alice", "PostgreSQL vacuum reclaims space", List.of(), null, Instant.now()), new float[] {0, 0, 1});

        // when
        List<Hit> hits = store.keyword(MemoryFilter.namespace("alice"), "kafka partitions", 10);

        // then
        assertThat(hits).extracting(hit -> hit.memory().content())
                .containsExactly("Kafka brokers replicate partitions", "The broker restarted; Kafka recovered");
        assertThat(hits.get(0).score()).isEqualTo(1.0);
        assertThat(hits.get(1).score()).isEqualTo(0.5);
        for (String hostile : List.of("\"unclosed", "{\"must\": []}", "namespace:bob", "'; DROP", "", "***")) {
            assertThatCode(() -> store.keyword(MemoryFilter.namespace("alice"), hostile, 10)).as(hostile).doesNotThrowAnyException();
        }
        assertThat(store.keyword(MemoryFilter.namespace("bob"), "kafka", 10)).isEmpty();
    }

    @Test
    void shouldListNewestFirstPageByPageThroughTiedMilliseconds() {
        // given: 25 memories, 6 of them in one millisecond
        MemoryStore store = newStore("mini", 3);
        Instant t0 = Instant.parse("2026-05-01T00:00:00Z");
        List<Memory> stored = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Instant at = i >= 5 && i < 11 ? t0.plusSeconds(5) : t0.plusSeconds(i);
            stored.add(store.put(sample("alice", "memory " + i, List.of(), null, at), new float[] {1, i, 0}).memory());
        }
        List<Memory> expected = stored.stream().sorted(Comparator.comparing(Memory::createdAt).thenComparing(Memory::id).reversed())
                .toList();

        // when
        List<Memory> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page page = store.list(MemoryFilter.namespace("alice"), cursor, 4);
            seen.addAll(page.memories());
            cursor = page.nextCursor();
        } while (cursor != null);

        // then
        assertThat(seen).isEqualTo(expected);
        assertThatThrownBy(() -> store.list(MemoryFilter.namespace("alice"), "garbage", 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDeleteCountAndKeepAcrossReopen() {
        // given
        MemoryStore store = newStore("mini", 3);
        Instant t0 = Instant.parse("2026-02-01T00:00:00Z");
        Memory kept = store.put(sample("alice", "héllo", List.of("greeting", "fr"), null, t0), new float[] {1, 0, 0}).memory();
        Memory gone = store.put(sample("alice", "hello", List.of("greeting", "old"), null, t0.plusSeconds(5)), new float[] {0, 1, 0})
                .memory();
        store.put(sample("alice", "older", List.of("old"), null, t0.plusSeconds(9)), new float[] {0, 0, 1});

        // when
        boolean deleted = store.delete("alice", gone.id());
        long byFilter = store.delete(new MemoryFilter("alice", List.of("old"), TagMatch.ANY, null, null));
        store.close();
        MemoryStore again = reopen(store);

        // then
        assertThat(deleted).isTrue();
        assertThat(byFilter).isEqualTo(1);
        assertThat(again.delete("alice", gone.id())).isFalse();
        assertThat(again.get("alice", kept.id())).contains(kept);
        Stats stats = again.stats("alice");
        assertThat(stats.count()).isEqualTo(1);
        assertThat(stats.bytes()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8).length);
        assertThat(stats.oldest()).isEqualTo(t0);
        assertThat(stats.newest()).isEqualTo(t0);
        assertThat(stats.tags()).isEqualTo(Map.of("greeting", 1L, "fr", 1L));
        assertThat(again.replace("alice", kept.id(), "bonjour", null, List.of("fr"), null, new float[] {0, 1, 0})).get()
                .satisfies(memory -> assertThat(memory.createdAt()).isEqualTo(t0));
        assertThat(again.replace("alice", UUID.randomUUID().toString(), "x", null, List.of(), null, new float[] {0, 1, 0})).isEmpty();
    }
}
