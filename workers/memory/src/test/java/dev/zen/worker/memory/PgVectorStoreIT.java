package dev.zen.worker.memory;

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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pgvector store against the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust; another
 * server with {@code -Dzen.pgvector.admin-url=…}), in a database of its own made for this class and
 * dropped after it. Skipped when that server or its pgvector extension is not there, unless
 * {@code ZEN_REQUIRE_PGVECTOR=1} (CI installs pgvector and sets it): then it fails.
 *
 * <p>{@link #newStore} and {@link #reopen} are the hooks of the {@code MemoryStoreContract} suite, which
 * this class is ready to extend.
 */
class PgVectorStoreIT extends MemoryStoreContract {

    static final String ADMIN_URL = System.getProperty("zen.pgvector.admin-url", "jdbc:postgresql://127.0.0.1:5432/postgres");
    static final String USER = "postgres";
    static final boolean REQUIRED = "1".equals(System.getenv("ZEN_REQUIRE_PGVECTOR"));
    static final JsonMapper JSON = JsonMapper.shared();

    static String database;
    static String url;
    /** Why the tests cannot run here, or null. */
    static String unavailable;
    static boolean created;

    private final List<MemoryStore> stores = new ArrayList<>();

    @BeforeAll
    static void createDatabase() {
        database = "zen_mem_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try {
            admin("CREATE DATABASE " + database + " TEMPLATE template0 ENCODING 'UTF8'");
            created = true;
            url = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + database;
            try (Connection connection = DriverManager.getConnection(url, USER, null);
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE EXTENSION IF NOT EXISTS vector");
            }
        } catch (SQLException e) {
            String reason = "pgvector is not available at " + ADMIN_URL + " (" + e.getMessage() + "); ops/install/pgvector installs it";
            if (REQUIRED) {
                throw new IllegalStateException("ZEN_REQUIRE_PGVECTOR=1, but " + reason, e);
            }
            // each test then reports itself skipped, with the reason
            unavailable = reason;
            url = null;
        }
    }

    @BeforeEach
    void requirePgvector() {
        Assumptions.assumeTrue(unavailable == null, () -> unavailable);
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (created) {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, null); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @AfterEach
    void closeStores() {
        stores.forEach(MemoryStore::close);
    }

    /** A fresh, empty, open store: a collection of its own in the class's database. */
    protected MemoryStore newStore(String model, int dimension) {
        // also here: a contract suite's own @BeforeEach may ask for a store before this class's runs
        requirePgvector();
        PgVectorStore store = new PgVectorStore(url, USER, null, "c_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        stores.add(store);
        store.open(model, dimension);
        return store;
    }

    /** A new store on the same collection as {@code closed}, open for the same model. */
    protected MemoryStore reopen(MemoryStore closed) {
        PgVectorStore store = new PgVectorStore(url, USER, null, ((PgVectorStore) closed).collection());
        stores.add(store);
        store.open(closed.model(), closed.dimension());
        return store;
    }

    @Test
    void shouldRecordTheModelAndRefuseAnotherOnOpen() {
        // given
        PgVectorStore first = (PgVectorStore) newStore("mini", 3);
        first.close();

        // when / then
        PgVectorStore otherModel = new PgVectorStore(url, USER, null, first.collection());
        assertThatThrownBy(() -> otherModel.open("large", 3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mini").hasMessageContaining("large");
        PgVectorStore otherDimension = new PgVectorStore(url, USER, null, first.collection());
        assertThatThrownBy(() -> otherDimension.open("mini", 4)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("3 dimensions").hasMessageContaining("4 dimensions");
        MemoryStore same = reopen(first);
        assertThat(same.model()).isEqualTo("mini");
        assertThat(same.dimension()).isEqualTo(3);
        assertThat(same.describe()).contains("pgvector 0.").contains(first.collection()).doesNotContain("password");
    }

    @Test
    void shouldRefuseACollectionNameThatIsNotAnIdentifier() {
        assertThatThrownBy(() -> new PgVectorStore(url, USER, null, "x; DROP TABLE memory_collections"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("collection name");
        assertThatThrownBy(() -> new PgVectorStore(url, USER, null, "Upper")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldStoreAMemoryAndReadItBack() {
        // given
        MemoryStore store = newStore("mini", 3);
        ObjectNode metadata = JSON.createObjectNode().put("source", "chat").put("n", 7);
        Memory memory = sample("alice", "Kafka keeps the log", List.of("kafka", "log"), metadata, Instant.parse("2026-01-02T03:04:05.123456789Z"));

        // when
        Stored stored = store.put(memory, new float[] {1, 0, 0});

        // then
        assertThat(stored.merged()).isFalse();
        assertThat(stored.memory().id()).isEqualTo(memory.id());
        assertThat(stored.memory().createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05.123456Z"));
        assertThat(store.get("alice", memory.id())).contains(stored.memory());
        Memory read = store.get("alice", memory.id()).orElseThrow();
        assertThat(read.content()).isEqualTo("Kafka keeps the log");
        assertThat(read.tags()).containsExactly("kafka", "log");
        assertThat(read.metadata()).isEqualTo(metadata);
        assertThat(read.contentHash()).isEqualTo(memory.contentHash());
        assertThat(store.get("bob", memory.id())).isEmpty();
        assertThat(store.get("alice", "not-a-uuid")).isEmpty();
        assertThat(store.get("alice", UUID.randomUUID().toString())).isEmpty();
    }

    @Test
    void shouldMergeADuplicateWithinANamespaceOnly() {
        // given
        MemoryStore store = newStore("mini", 3);
        Memory first = sample("alice", "the same words", List.of("a", "b"), JSON.createObjectNode().put("x", 1).put("y", 1), Instant.now());
        store.put(first, new float[] {1, 0, 0});

        // when
        Memory again = sample("alice", "the same words", List.of("b", "c"), JSON.createObjectNode().put("y", 2).put("z", 3), Instant.now());
        Stored merged = store.put(again, new float[] {1, 0, 0});
        Stored elsewhere = store.put(sample("bob", "the same words", List.of(), null, Instant.now()), new float[] {1, 0, 0});

        // then
        assertThat(merged.merged()).isTrue();
        assertThat(merged.memory().id()).isEqualTo(first.id());
        assertThat(merged.memory().tags()).containsExactly("a", "b", "c");
        assertThat(merged.memory().metadata()).isEqualTo(JSON.createObjectNode().put("x", 1).put("y", 2).put("z", 3));
        assertThat(merged.memory().updatedAt()).isAfterOrEqualTo(merged.memory().createdAt());
        assertThat(elsewhere.merged()).isFalse();
        assertThat(store.count(MemoryFilter.namespace("alice"))).isEqualTo(1);
        assertThat(store.count(MemoryFilter.namespace("bob"))).isEqualTo(1);
    }

    @Test
    void shouldRefuseAVectorOfAnotherDimensionAndKeepWhatIsStored() {
        // given
        MemoryStore store = newStore("mini", 3);
        Memory kept = sample("alice", "kept", List.of(), null, Instant.now());
        store.put(kept, new float[] {1, 0, 0});

        // when / then
        assertThatThrownBy(() -> store.put(sample("alice", "wrong", List.of(), null, Instant.now()), new float[] {1, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 values").hasMessageContaining("had 4");
        assertThatThrownBy(() -> store.nearest(MemoryFilter.namespace("alice"), new float[] {1, 0}, 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.replace("alice", kept.id(), "x", null, List.of(), null, new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put(sample("alice", "nan", List.of(), null, Instant.now()), new float[] {Float.NaN, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.count(MemoryFilter.namespace("alice"))).isEqualTo(1);
        assertThat(store.get("alice", kept.id()).orElseThrow().content()).isEqualTo("kept");
    }

    @Test
    void shouldRefuseContentTooLargeToIndexAndKeepWhatIsStored() {
        // given
        MemoryStore store = newStore("mini", 3);
        Memory kept = store.put(sample("alice", "kept", List.of(), null, Instant.now()), new float[] {1, 0, 0}).memory();
        StringBuilder huge = new StringBuilder();
        for (int i = 0; huge.length() < 3_000_000; i++) {
            huge.append("w").append(Integer.toString(i, 36)).append(' ');
        }

        // when / then
        assertThatThrownBy(() -> store.put(sample("alice", huge.toString(), List.of(), null, Instant.now()), new float[] {1, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("full-text index");
        assertThatThrownBy(() -> store.replace("alice", kept.id(), huge.toString(), null, List.of(), null, new float[] {1, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.get("alice", kept.id())).contains(kept);
        assertThat(store.count(MemoryFilter.namespace("alice"))).isEqualTo(1);
    }

    @Test
    void shouldKeepNamespacesApart() {
        // given
        MemoryStore store = newStore("mini", 3);
        Memory alices = sample("alice", "alice's secret plan", List.of("t"), null, Instant.now());
        store.put(alices, new float[] {1, 0, 0});

        // when / then
        MemoryFilter bob = MemoryFilter.namespace("bob");
        assertThat(store.nearest(bob, new float[] {1, 0, 0}, 10)).isEmpty();
        assertThat(store.keyword(bob, "secret plan", 10)).isEmpty();
        assertThat(store.list(bob, null, 10).memories()).isEmpty();
        assertThat(store.count(bob)).isZero();
        assertThat(store.delete(bob)).isZero();
        assertThat(store.delete("bob", alices.id())).isFalse();
        assertThat(store.replace("bob", alices.id(), "stolen", null, List.of(), null, new float[] {0, 1, 0})).isEmpty();
        assertThat(store.stats("bob").count()).isZero();
        assertThat(store.get("alice", alices.id()).orElseThrow().content()).isEqualTo("alice's secret plan");
    }

    @Test
    void shouldRankNearestByCosineWithinTheFilter() {
        // given
        MemoryStore store = newStore("mini", 3);
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        Memory east = sample("alice", "east", List.of("dir", "x"), null, t0);
        Memory northeast = sample("alice", "northeast", List.of("dir"), null, t0.plusSeconds(60));
        Memory north = sample("alice", "north", List.of("dir", "y"), null, t0.plusSeconds(120));
        store.put(east, new float[] {1, 0, 0});
        store.put(northeast, new float[] {1, 1, 0});
        store.put(north, new float[] {0, 1, 0});

        // when
        List<Hit> all = store.nearest(MemoryFilter.namespace("alice"), new float[] {2, 0, 0}, 10);

        // then
        assertThat(all).extracting(hit -> hit.memory().content()).containsExactly("east", "northeast", "north");
        assertThat(all.get(0).score()).isCloseTo(1.0, within(1e-6));
        assertThat(all.get(1).score()).isCloseTo(Math.sqrt(0.5), within(1e-6));
        assertThat(all.get(2).score()).isCloseTo(0.0, within(1e-6));
        assertThat(store.nearest(MemoryFilter.namespace("alice"), new float[] {1, 0, 0}, 2)).hasSize(2);
        assertThat(store.nearest(new MemoryFilter("alice", List.of("x", "y"), TagMatch.ANY, null, null), new float[] {1, 0, 0}, 10))
                .extracting(hit -> hit.memory().content()).containsExactly("east", "north");
        assertThat(store.nearest(new MemoryFilter("alice", List.of("dir", "y"), TagMatch.ALL, null, null), new float[] {1, 0, 0}, 10))
                .extracting(hit -> hit.memory().content()).containsExactly("north");
        assertThat(store.nearest(new MemoryFilter("alice", List.of(), TagMatch.ANY, t0.plusSeconds(60), t0.plusSeconds(120)),
                new float[] {1, 0, 0}, 10)).extracting(hit -> hit.memory().content()).containsExactly("northeast");
        assertThatThrownBy(() -> store.nearest(MemoryFilter.namespace("alice"), new float[] {1, 0, 0}, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFillTheLimitWhenTheFilterIsNarrowerThanTheIndexWalk() {
        // given: 400 memories near the query, 5 rare ones far from it (whichever plan PostgreSQL picks, HNSW
        // with a widened, iterative scan or an exact sort, the 5 must all come back)
        MemoryStore store = newStore("mini", 3);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 400; i++) {
            store.put(sample("alice", "common " + i, List.of("common"), null, Instant.now()),
                    new float[] {1, (float) random.nextDouble(-0.1, 0.1), (float) random.nextDouble(-0.1, 0.1)});
        }
        for (int i = 0; i < 5; i++) {
            store.put(sample("alice", "rare " + i, List.of("rare"), null, Instant.now()), new float[] {-1, (float) i, 1});
        }

        // when
        List<Hit> hits = store.nearest(new MemoryFilter("alice", List.of("rare"), TagMatch.ANY, null, null), new float[] {1, 0, 0}, 5);

        // then
        assertThat(hits).hasSize(5).allSatisfy(hit -> assertThat(hit.memory().tags()).containsExactly("rare"));
        assertThat(hits).extracting(Hit::score).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void shouldSearchKeywordsAndAcceptAnyQuerySyntax() {
        // given
        MemoryStore store = newStore("mini", 3);
        store.put(sample("alice", "Kafka brokers replicate partitions across the cluster", List.of(), null, Instant.now()), new float[] {1, 0, 0});
        store.put(sample("alice", "The broker restarted; Kafka recovered", List.of(), null, Instant.now()), new float[] {0, 1, 0});
        store.put(sample("alice", "PostgreSQL vacuum reclaims space", List.of(), null, Instant.now()), new float[] {0, 0, 1});

        // when
        List<Hit> hits = store.keyword(MemoryFilter.namespace("alice"), "kafka partitions", 10);

        // then
        // any word matches (as in the contract); the memory with both words ranks first
        assertThat(hits).extracting(hit -> hit.memory().content()).containsExactly("Kafka brokers replicate partitions across the cluster",
                "The broker restarted; Kafka recovered");
        assertThat(store.keyword(MemoryFilter.namespace("alice"), "kafka OR vacuum", 10)).hasSize(3);
        assertThat(store.keyword(MemoryFilter.namespace("alice"), "broker", 10)).hasSize(2).first()
                .satisfies(hit -> assertThat(hit.score()).isPositive());
        for (String hostile : List.of("\"unclosed", "OR OR OR", "(kafka | vacuum) & !x", "'; DROP TABLE memory_collections; --", "-", ":*",
                "kafka:* <-> broker", "\\", "", "   ", "the and of")) {
            assertThatCode(() -> store.keyword(MemoryFilter.namespace("alice"), hostile, 10)).as(hostile).doesNotThrowAnyException();
        }
        assertThat(store.count(MemoryFilter.namespace("alice"))).isEqualTo(3);
    }

    @Test
    void shouldTreatTagsWithQuerySyntaxAsPlainData() {
        // given
        MemoryStore store = newStore("mini", 3);
        String hostile = "x'); DELETE FROM memory_collections; --";
        store.put(sample("alice", "tagged", List.of(hostile, "{a,b}"), null, Instant.now()), new float[] {1, 0, 0});
        store.put(sample("alice", "plain", List.of("a"), null, Instant.now()), new float[] {0, 1, 0});

        // when / then
        assertThat(store.list(new MemoryFilter("alice", List.of(hostile), TagMatch.ALL, null, null), null, 10).memories())
                .extracting(Memory::content).containsExactly("tagged");
        assertThat(store.count(new MemoryFilter("alice", List.of("{a,b}"), TagMatch.ANY, null, null))).isEqualTo(1);
        assertThat(store.count(new MemoryFilter("alice", List.of("a"), TagMatch.ANY, null, null))).isEqualTo(1);
        assertThat(reopen(store).model()).isEqualTo("mini");
    }

    @Test
    void shouldListNewestFirstPageByPage() {
        // given: 25 memories, two of them made in the same microsecond
        MemoryStore store = newStore("mini", 3);
        Instant t0 = Instant.parse("2026-05-01T00:00:00Z");
        List<Memory> stored = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Instant at = i == 24 ? t0.plusSeconds(23) : t0.plusSeconds(i);
            stored.add(store.put(sample("alice", "memory " + i, List.of(), null, at), new float[] {1, i, 0}).memory());
        }
        List<Memory> expected = stored.stream()
                .sorted(Comparator.comparing(Memory::createdAt).thenComparing(Memory::id).reversed())
                .toList();

        // when
        List<Memory> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            Page page = store.list(MemoryFilter.namespace("alice"), cursor, 10);
            seen.addAll(page.memories());
            sizes.add(page.memories().size());
            cursor = page.nextCursor();
        } while (cursor != null);

        // then
        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(seen).isEqualTo(expected);
        assertThatThrownBy(() -> store.list(MemoryFilter.namespace("alice"), "not a cursor", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> store.list(MemoryFilter.namespace("alice"), null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDeleteByIdAndByFilter() {
        // given
        MemoryStore store = newStore("mini", 3);
        Memory one = sample("alice", "one", List.of("old"), null, Instant.now());
        store.put(one, new float[] {1, 0, 0});
        store.put(sample("alice", "two", List.of("old"), null, Instant.now()), new float[] {0, 1, 0});
        store.put(sample("alice", "three", List.of("new"), null, Instant.now()), new float[] {0, 0, 1});

        // when / then
        assertThat(store.delete("alice", one.id())).isTrue();
        assertThat(store.delete("alice", one.id())).isFalse();
        assertThat(store.delete("alice", "not-a-uuid")).isFalse();
        assertThat(store.delete(new MemoryFilter("alice", List.of("old"), TagMatch.ANY, null, null))).isEqualTo(1);
        assertThat(store.list(MemoryFilter.namespace("alice"), null, 10).memories()).extracting(Memory::content).containsExactly("three");
    }

    @Test
    void shouldReplaceContentKeepingIdAndCreationTime() {
        // given
        MemoryStore store = newStore("mini", 3);
        Memory original = store.put(sample("alice", "first draft", List.of("a"), null, Instant.parse("2026-01-01T00:00:00Z")),
                new float[] {1, 0, 0}).memory();

        // when
        Memory replaced = store.replace("alice", original.id(), "final text", null, List.of("b"),
                JSON.createObjectNode().put("v", 2), new float[] {0, 1, 0}).orElseThrow();

        // then
        assertThat(replaced.id()).isEqualTo(original.id());
        assertThat(replaced.createdAt()).isEqualTo(original.createdAt());
        assertThat(replaced.updatedAt()).isAfter(original.updatedAt());
        assertThat(replaced.content()).isEqualTo("final text");
        assertThat(replaced.contentHash()).isNotEqualTo(original.contentHash());
        assertThat(replaced.tags()).containsExactly("b");
        assertThat(store.nearest(MemoryFilter.namespace("alice"), new float[] {0, 1, 0}, 1).getFirst().score()).isCloseTo(1.0, within(1e-6));
        assertThat(store.keyword(MemoryFilter.namespace("alice"), "final", 5)).hasSize(1);
        assertThat(store.keyword(MemoryFilter.namespace("alice"), "draft", 5)).isEmpty();
    }

    @Test
    void shouldCountWhatANamespaceHolds() {
        // given
        MemoryStore store = newStore("mini", 3);
        Instant t0 = Instant.parse("2026-02-01T00:00:00Z");
        store.put(sample("alice", "héllo", List.of("greeting", "fr"), null, t0), new float[] {1, 0, 0});
        store.put(sample("alice", "hello", List.of("greeting"), null, t0.plusSeconds(5)), new float[] {0, 1, 0});
        store.put(sample("bob", "other", List.of("x"), null, t0.minusSeconds(5)), new float[] {0, 0, 1});

        // when
        Stats stats = store.stats("alice");

        // then
        assertThat(stats.count()).isEqualTo(2);
        assertThat(stats.bytes()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8).length + 5);
        assertThat(stats.oldest()).isEqualTo(t0);
        assertThat(stats.newest()).isEqualTo(t0.plusSeconds(5));
        assertThat(stats.tags()).isEqualTo(Map.of("greeting", 2L, "fr", 1L));
        assertThat(store.stats("nobody")).isEqualTo(new Stats(0, 0, null, null, Map.of()));
    }

    @Test
    void shouldKeepMemoriesAcrossReopen() {
        // given
        MemoryStore store = newStore("mini", 3);
        Memory memory = store.put(sample("alice", "durable", List.of("d"), null, Instant.now()), new float[] {1, 0, 0}).memory();
        store.close();

        // when
        MemoryStore again = reopen(store);

        // then
        assertThat(again.get("alice", memory.id())).contains(memory);
        assertThat(again.nearest(MemoryFilter.namespace("alice"), new float[] {1, 0, 0}, 1)).extracting(Hit::memory).containsExactly(memory);
        assertThatThrownBy(() -> store.get("alice", memory.id())).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void shouldSayAnAdministratorMustCreateTheExtensionWhenThisRoleMayNot() throws SQLException {
        // given: a database without the extension, owned by a role that is no superuser
        String owner = database + "_owner";
        String bare = database + "_bare";
        admin("CREATE ROLE " + owner + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
        try {
            admin("CREATE DATABASE " + bare + " OWNER " + owner + " TEMPLATE template0 ENCODING 'UTF8'");
            String bareUrl = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + bare;
            PgVectorStore store = new PgVectorStore(bareUrl, owner, null, "notes");
            stores.add(store);

            // when / then
            assertThatThrownBy(() -> store.open("mini", 3)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("administrator must run CREATE EXTENSION vector");

            // and once an administrator has, the role can open the store
            try (Connection connection = DriverManager.getConnection(bareUrl, USER, null); Statement statement = connection.createStatement()) {
                statement.execute("CREATE EXTENSION vector");
            }
            store.open("mini", 3);
            assertThat(store.put(sample("alice", "works", List.of(), null, Instant.now()), new float[] {1, 0, 0}).merged()).isFalse();
            store.close();
        } finally {
            admin("DROP DATABASE IF EXISTS " + bare + " WITH (FORCE)");
            admin("DROP ROLE IF EXISTS " + owner);
        }
    }

    @Test
    void shouldStoreOneMemoryWhenThreadsPutTheSameContentAtOnce() throws Exception {
        // given
        MemoryStore store = newStore("mini", 3);
        int threads = 8;

        // when
        List<Future<Stored>> results = new ArrayList<>();
        try (var executor = Executors.newFixedThreadPool(threads)) {
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < threads; i++) {
                String tag = "t" + i;
                results.add(executor.submit(() -> {
                    start.await();
                    return store.put(sample("alice", "said at once", List.of(tag), null, Instant.now()), new float[] {1, 0, 0});
                }));
            }
            start.countDown();
        }

        // then
        List<Stored> stored = new ArrayList<>();
        for (var result : results) {
            stored.add(result.get());
        }
        assertThat(stored).filteredOn(result -> !result.merged()).hasSize(1);
        assertThat(stored).extracting(result -> result.memory().id()).containsOnly(stored.getFirst().memory().id());
        assertThat(store.count(MemoryFilter.namespace("alice"))).isEqualTo(1);
        assertThat(store.list(MemoryFilter.namespace("alice"), null, 10).memories().getFirst().tags()).hasSize(threads);
    }

    @Test
    void shouldOpenOneCollectionFromTwoStoresAtOnce() throws Exception {
        // given
        String collection = "c_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        PgVectorStore first = new PgVectorStore(url, USER, null, collection);
        PgVectorStore second = new PgVectorStore(url, USER, null, collection);
        stores.add(first);
        stores.add(second);

        // when
        try (var executor = Executors.newFixedThreadPool(2)) {
            var a = executor.submit(() -> first.open("mini", 3));
            var b = executor.submit(() -> second.open("mini", 3));
            a.get();
            b.get();
        }

        // then
        first.put(sample("alice", "seen by both", List.of(), null, Instant.now()), new float[] {1, 0, 0});
        assertThat(second.count(MemoryFilter.namespace("alice"))).isEqualTo(1);
    }

    static Memory sample(String namespace, String content, List<String> tags, ObjectNode metadata, Instant createdAt) {
        return new Memory(UUID.randomUUID().toString(), namespace, content, tags, metadata, StoreChecks.contentHash(null, content),
                createdAt, createdAt);
    }

    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
