package dev.zen.worker.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.zen.worker.memory.MemoryFilter.TagMatch;
import dev.zen.worker.memory.MemoryStore.Hit;
import dev.zen.worker.memory.MemoryStore.Page;
import dev.zen.worker.memory.MemoryStore.Stats;
import dev.zen.worker.memory.MemoryStore.Stored;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The contract of {@link MemoryStore}: every adapter's test extends this class and answers
 * {@link #newStore} with a fresh, empty, opened store (each test gets its own and closes it; the subclass
 * removes what it made). Vectors have four values, chosen by hand so that the order of a search is
 * known; every instant is whole milliseconds, the precision every store keeps.
 *
 * <p>Where the port's javadoc is silent, this suite decides: a keyword search matches any of the query's
 * words (a memory with more of them ranks first, one with none is not a hit); a listing breaks ties of
 * {@code createdAt} by id, descending, as the keyset {@code (createdAt, id) < (c, i)}; a vector of the
 * wrong length is refused by {@code put}, {@code replace} and {@code nearest} alike; a merge's
 * {@code updatedAt} is not before the incoming memory's.
 */
public abstract class MemoryStoreContract {

    protected static final String MODEL = "contract-model";
    protected static final int DIMENSION = 4;
    protected static final String NS = "alice";
    protected static final String OTHER_NS = "bob";
    protected static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant T2 = T0.plusSeconds(120);
    private static final Instant T3 = T0.plusSeconds(180);

    protected MemoryStore store;

    /** A fresh, empty store, already opened for {@code model} and {@code dimension}. */
    protected abstract MemoryStore newStore(String model, int dimension);

    /**
     * A new store on the location of {@code closed} (already closed), not yet opened; stores without a
     * location of their own keep the default, which skips the durability tests.
     */
    protected MemoryStore reopen(MemoryStore closed) {
        Assumptions.abort("this store has no location to reopen");
        return null;
    }

    @BeforeEach
    void openStore() {
        store = newStore(MODEL, DIMENSION);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // --- the collection: model and dimension

    @Test
    void shouldRecordModelAndDimension() {
        assertThat(store.model()).isEqualTo(MODEL);
        assertThat(store.dimension()).isEqualTo(DIMENSION);
        store.open(MODEL, DIMENSION); // the same again is fine
        assertThat(store.model()).isEqualTo(MODEL);
    }

    @Test
    void shouldRefuseAnotherModel() {
        assertThatThrownBy(() -> store.open("other-model", DIMENSION)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(MODEL).hasMessageContaining("other-model");
        assertThat(store.model()).isEqualTo(MODEL);
    }

    @Test
    void shouldRefuseAnotherDimension() {
        assertThatThrownBy(() -> store.open(MODEL, 384)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("384").hasMessageContaining(String.valueOf(DIMENSION));
        assertThat(store.dimension()).isEqualTo(DIMENSION);
    }

    // --- put and get

    @Test
    void shouldRoundTripEveryField() {
        ObjectNode metadata = json("{\"source\":\"chat\",\"n\":3,\"nested\":{\"list\":[1,\"two\",null],\"ok\":true}}");
        Memory memory = new Memory(UUID.randomUUID().toString(), NS, "Café au lait at 9 — “quoted” ✓", List.of("drink", "morning"),
                metadata, hash("Café au lait at 9 — “quoted” ✓"), T0, T1);

        Stored stored = store.put(memory, vector(1, 0, 0, 0));

        assertThat(stored.merged()).isFalse();
        assertThat(stored.memory()).isEqualTo(memory);
        Memory read = store.get(NS, memory.id()).orElseThrow();
        assertThat(read.id()).isEqualTo(memory.id());
        assertThat(read.namespace()).isEqualTo(NS);
        assertThat(read.content()).isEqualTo(memory.content());
        assertThat(read.tags()).containsExactly("drink", "morning");
        assertThat(read.metadata()).isEqualTo(metadata);
        assertThat(read.contentHash()).isEqualTo(memory.contentHash());
        assertThat(read.createdAt()).isEqualTo(T0);
        assertThat(read.updatedAt()).isEqualTo(T1);
    }

    @Test
    void shouldAnswerEmptyForAnUnknownId() {
        assertThat(store.get(NS, UUID.randomUUID().toString())).isEmpty();
    }

    @Test
    void shouldRefuseAVectorOfTheWrongLength() {
        Memory memory = memory("a vector too long", List.of(), T0);

        assertThatThrownBy(() -> store.put(memory, new float[] {1, 0, 0, 0, 0, 0, 0})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7").hasMessageContaining(String.valueOf(DIMENSION));
        assertThat(store.get(NS, memory.id())).isEmpty();
        assertThat(store.count(MemoryFilter.namespace(NS))).isZero();
    }

    @Test
    void shouldRefuseAWrongLengthInReplaceAndNearest() {
        Memory memory = put(memory("kept as it was", List.of("x"), T0), 1, 0, 0, 0);

        assertThatThrownBy(() -> store.replace(NS, memory.id(), "changed", hash("changed"), List.of(), json("{}"), new float[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2").hasMessageContaining(String.valueOf(DIMENSION));
        assertThatThrownBy(() -> store.nearest(MemoryFilter.namespace(NS), new float[] {1, 0, 0, 0, 0}, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5").hasMessageContaining(String.valueOf(DIMENSION));
        assertThat(store.get(NS, memory.id()).orElseThrow().content()).isEqualTo("kept as it was");
    }

    // --- duplicates

    @Test
    void shouldMergeADuplicateInTheSameNamespace() {
        Memory first = new Memory(UUID.randomUUID().toString(), NS, "the same words", List.of("a", "b"), json("{\"x\":1,\"y\":1}"),
                hash("the same words"), T0, T0);
        store.put(first, vector(1, 0, 0, 0));
        Memory second = new Memory(UUID.randomUUID().toString(), NS, "the same words", List.of("b", "c"), json("{\"y\":2,\"z\":3}"),
                hash("the same words"), T1, T1);

        Stored stored = store.put(second, vector(1, 0, 0, 0));

        assertThat(stored.merged()).isTrue();
        Memory merged = stored.memory();
        assertThat(merged.id()).isEqualTo(first.id());
        assertThat(merged.tags()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(merged.metadata()).isEqualTo(json("{\"x\":1,\"y\":2,\"z\":3}"));
        assertThat(merged.createdAt()).isEqualTo(T0);
        assertThat(merged.updatedAt()).isAfterOrEqualTo(T1);
        assertThat(store.get(NS, first.id()).orElseThrow()).isEqualTo(merged);
        assertThat(store.get(NS, second.id())).isEmpty();
        assertThat(store.count(MemoryFilter.namespace(NS))).isOne();
    }

    @Test
    void shouldCapTheTagsAndMetadataAMergeAdds() {
        List<String> first = IntStream.range(0, 30).mapToObj(i -> "old-" + i).toList();
        List<String> second = IntStream.range(0, 32).mapToObj(i -> "new-" + i).toList();
        store.put(new Memory(UUID.randomUUID().toString(), NS, "tagged twice", first, json("{\"keep\":1}"), hash("tagged twice"), T0, T0),
                vector(1, 0, 0, 0));
        ObjectNode big = json("{}");
        big.put("blob", "x".repeat(MemoryWrites.MAX_METADATA_CHARS));

        Memory merged = store.put(new Memory(UUID.randomUUID().toString(), NS, "tagged twice", second, big, hash("tagged twice"), T1, T1),
                vector(1, 0, 0, 0)).memory();

        assertThat(merged.tags()).hasSize(MemoryWrites.MAX_TAGS).startsWith(first.toArray(String[]::new)).contains("new-0", "new-1")
                .doesNotContain("new-2");
        assertThat(merged.metadata()).isEqualTo(json("{\"keep\":1}"));
        assertThat(store.get(NS, merged.id()).orElseThrow().tags()).isEqualTo(merged.tags());
    }

    @Test
    void shouldRefuseToReplaceContentWithTextAnotherMemoryHolds() {
        Memory one = put(memory("first text", List.of(), T0), 1, 0, 0, 0);
        Memory two = put(memory("second text", List.of(), T0), 0, 1, 0, 0);

        assertThatThrownBy(() -> store.replace(NS, two.id(), "first text", hash("first text"), List.of(), json("{}"), vector(1, 0, 0, 0)))
                .isInstanceOf(DuplicateContent.class);

        assertThat(store.get(NS, two.id()).orElseThrow().content()).isEqualTo("second text");
        assertThat(store.get(NS, one.id()).orElseThrow().content()).isEqualTo("first text");
        // its own text again is no conflict
        assertThat(store.replace(NS, one.id(), "first text", hash("first text"), List.of("same"), json("{}"), vector(1, 0, 0, 0)))
                .isPresent();
    }

    @Test
    void shouldStoreTheSameContentOnceInEachNamespace() {
        Stored a = store.put(memory(NS, "shared words", List.of(), T0), vector(1, 0, 0, 0));
        Stored b = store.put(memory(OTHER_NS, "shared words", List.of(), T0), vector(1, 0, 0, 0));

        assertThat(a.merged()).isFalse();
        assertThat(b.merged()).isFalse();
        assertThat(a.memory().id()).isNotEqualTo(b.memory().id());
        assertThat(store.count(MemoryFilter.namespace(NS))).isOne();
        assertThat(store.count(MemoryFilter.namespace(OTHER_NS))).isOne();
    }

    @Test
    void shouldMergeConcurrentDuplicatesIntoOne() throws Exception {
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Stored>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int i = 0; i < writers; i++) {
                Memory memory = memory(NS, "written by many at once", List.of("t" + i), T0);
                results.add(pool.submit(() -> {
                    start.await();
                    return store.put(memory, vector(0, 1, 0, 0));
                }));
            }
            start.countDown();
            List<Stored> stored = new ArrayList<>();
            for (Future<Stored> result : results) {
                stored.add(result.get());
            }

            assertThat(stored).filteredOn(s -> !s.merged()).hasSize(1);
            assertThat(stored).extracting(s -> s.memory().id()).containsOnly(stored.getFirst().memory().id());
        }
        assertThat(store.count(MemoryFilter.namespace(NS))).isOne();
        Memory only = store.list(MemoryFilter.namespace(NS), null, 10).memories().getFirst();
        assertThat(only.tags()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, writers).mapToObj(i -> "t" + i).toList());
    }

    // --- batches

    @Test
    void shouldStoreABatchMergingDuplicatesInItAndBeforeIt() {
        Memory earlier = put(memory("already there", List.of("old"), T0), 1, 0, 0, 0);

        List<Stored> stored = store.putAll(List.of(memory("already there", List.of("new"), T1), memory("twice in the batch", List.of("a"), T1),
                memory("twice in the batch", List.of("b"), T2), memory("once", List.of(), T2)),
                List.of(vector(1, 0, 0, 0), vector(0, 1, 0, 0), vector(0, 1, 0, 0), vector(0, 0, 1, 0)));

        assertThat(stored).extracting(Stored::merged).containsExactly(true, false, true, false);
        assertThat(stored.get(0).memory().id()).isEqualTo(earlier.id());
        assertThat(stored.get(0).memory().tags()).containsExactlyInAnyOrder("old", "new");
        assertThat(stored.get(2).memory().id()).isEqualTo(stored.get(1).memory().id());
        assertThat(store.get(NS, stored.get(1).memory().id()).orElseThrow().tags()).containsExactlyInAnyOrder("a", "b");
        assertThat(store.count(MemoryFilter.namespace(NS))).isEqualTo(3);
        assertThat(ids(store.nearest(MemoryFilter.namespace(NS), vector(0, 0, 1, 0), 1))).containsExactly(stored.get(3).memory().id());
    }

    @Test
    void shouldStoreNothingOfABatchWithAWrongVector() {
        List<Memory> batch = List.of(memory("first", List.of(), T0), memory("second", List.of(), T0));

        assertThatThrownBy(() -> store.putAll(batch, List.of(vector(1, 0, 0, 0), new float[] {1, 0, 0})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3").hasMessageContaining(String.valueOf(DIMENSION));
        assertThatThrownBy(() -> store.putAll(batch, List.of(vector(1, 0, 0, 0)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.count(MemoryFilter.namespace(NS))).isZero();
    }

    // --- namespaces

    @Test
    void shouldIsolateNamespaces() {
        Memory alices = put(memory(NS, "alice keeps the secret recipe", List.of("private"), T0), 1, 0, 0, 0);
        Memory bobs = put(memory(OTHER_NS, "bob keeps a public list", List.of("public"), T1), 0, 1, 0, 0);
        MemoryFilter bob = MemoryFilter.namespace(OTHER_NS);

        assertThat(store.get(OTHER_NS, alices.id())).isEmpty();
        assertThat(ids(store.nearest(bob, vector(1, 0, 0, 0), 10))).containsExactly(bobs.id());
        assertThat(store.keyword(bob, "secret recipe alice keeps", 10)).extracting(h -> h.memory().id()).containsExactly(bobs.id());
        assertThat(store.list(bob, null, 10).memories()).extracting(Memory::id).containsExactly(bobs.id());
        assertThat(store.count(bob)).isOne();
        Stats stats = store.stats(OTHER_NS);
        assertThat(stats.count()).isOne();
        assertThat(stats.tags()).containsOnlyKeys("public");
        assertThat(store.replace(OTHER_NS, alices.id(), "taken over", hash("taken over"), List.of(), json("{}"), vector(0, 0, 1, 0)))
                .isEmpty();
        assertThat(store.delete(OTHER_NS, alices.id())).isFalse();
        assertThat(store.delete(bob)).isOne();

        assertThat(store.get(NS, alices.id()).orElseThrow()).isEqualTo(alices);
        assertThat(store.count(bob)).isZero();
        assertThat(store.count(MemoryFilter.namespace(NS))).isOne();
    }

    // --- nearest

    @Test
    void shouldOrderNearestByCosineSimilarity() {
        Memory same = put(memory("same direction", List.of(), T0), 2, 0, 0, 0);
        Memory diagonal = put(memory("at forty-five degrees", List.of(), T0), 1, 1, 0, 0);
        Memory orthogonal = put(memory("orthogonal", List.of(), T0), 0, 3, 0, 0);
        Memory opposite = put(memory("opposite", List.of(), T0), -1, 0, 0, 0);

        List<Hit> hits = store.nearest(MemoryFilter.namespace(NS), vector(1, 0, 0, 0), 10);

        assertThat(ids(hits)).containsExactly(same.id(), diagonal.id(), orthogonal.id(), opposite.id());
        assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-3));
        assertThat(hits.get(1).score()).isCloseTo(Math.sqrt(0.5), within(1e-3));
        assertThat(hits.get(2).score()).isCloseTo(0.0, within(1e-3));
        assertThat(hits.get(3).score()).isCloseTo(-1.0, within(1e-3));
        assertThat(hits.get(0).memory()).isEqualTo(same);
        assertThat(ids(store.nearest(MemoryFilter.namespace(NS), vector(1, 0, 0, 0), 2))).containsExactly(same.id(), diagonal.id());
    }

    @Test
    void shouldFilterInsideTheSearchNotAfterIt() {
        put(memory("closest but untagged", List.of(), T0), 1, 0, 0, 0);
        put(memory("second, untagged", List.of(), T0), 1, 0.1f, 0, 0);
        Memory tagged = put(memory("far but tagged", List.of("wanted"), T0), 0, 0, 1, 0);
        MemoryFilter wanted = new MemoryFilter(NS, List.of("wanted"), TagMatch.ANY, null, null);

        assertThat(ids(store.nearest(wanted, vector(1, 0, 0, 0), 1))).containsExactly(tagged.id());
    }

    @Test
    void shouldAnswerNothingFromAnEmptyNamespace() {
        assertThat(store.nearest(MemoryFilter.namespace(NS), vector(1, 0, 0, 0), 10)).isEmpty();
        assertThat(store.keyword(MemoryFilter.namespace(NS), "anything", 10)).isEmpty();
        assertThat(store.list(MemoryFilter.namespace(NS), null, 10)).isEqualTo(new Page(List.of(), null));
        assertThat(store.count(MemoryFilter.namespace(NS))).isZero();
        assertThat(store.delete(MemoryFilter.namespace(NS))).isZero();
    }

    // --- filters, the same in every operation

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("tags any", (Function<String, MemoryFilter>) ns -> new MemoryFilter(ns, List.of("red", "blue"), TagMatch.ANY, null, null),
                        Set.of("m0", "m1", "m2")),
                Arguments.of("tags all", (Function<String, MemoryFilter>) ns -> new MemoryFilter(ns, List.of("red", "blue"), TagMatch.ALL, null, null),
                        Set.of("m1")),
                Arguments.of("one tag", (Function<String, MemoryFilter>) ns -> new MemoryFilter(ns, List.of("green"), TagMatch.ALL, null, null),
                        Set.of("m3")),
                Arguments.of("after is inclusive", (Function<String, MemoryFilter>) ns -> new MemoryFilter(ns, null, null, T1, null),
                        Set.of("m1", "m2", "m3")),
                Arguments.of("before is exclusive", (Function<String, MemoryFilter>) ns -> new MemoryFilter(ns, null, null, null, T2),
                        Set.of("m0", "m1")),
                Arguments.of("a window", (Function<String, MemoryFilter>) ns -> new MemoryFilter(ns, null, null, T1, T3),
                        Set.of("m1", "m2")),
                Arguments.of("tags and time", (Function<String, MemoryFilter>) ns -> new MemoryFilter(ns, List.of("blue"), TagMatch.ANY, T2, null),
                        Set.of("m2")),
                Arguments.of("an unknown tag", (Function<String, MemoryFilter>) ns -> new MemoryFilter(ns, List.of("absent"), TagMatch.ANY, null, null),
                        Set.of()),
                Arguments.of("a tag that is SQL", (Function<String, MemoryFilter>) ns -> new MemoryFilter(ns, List.of("red' OR '1'='1"), TagMatch.ANY,
                        null, null), Set.of()),
                Arguments.of("a tag that is query syntax", (Function<String, MemoryFilter>) ns -> new MemoryFilter(ns, List.of("*", "tag:*", "red OR blue"),
                        TagMatch.ANY, null, null), Set.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void shouldApplyTheFilterInEveryOperation(String name, Function<String, MemoryFilter> filterOf, Set<String> expected) {
        Map<String, Memory> fixture = filterFixture();
        MemoryFilter filter = filterOf.apply(NS);
        Set<String> expectedIds = expected.stream().map(label -> fixture.get(label).id()).collect(Collectors.toSet());

        assertThat(Set.copyOf(ids(store.nearest(filter, vector(1, 1, 1, 1), 50)))).as("nearest").isEqualTo(expectedIds);
        assertThat(Set.copyOf(ids(store.keyword(filter, "note", 50)))).as("keyword").isEqualTo(expectedIds);
        assertThat(store.list(filter, null, 50).memories()).as("list").extracting(Memory::id).containsExactlyInAnyOrderElementsOf(expectedIds);
        assertThat(store.count(filter)).as("count").isEqualTo(expectedIds.size());

        assertThat(store.delete(filter)).as("delete").isEqualTo(expectedIds.size());

        Set<String> left = store.list(MemoryFilter.namespace(NS), null, 50).memories().stream().map(Memory::id).collect(Collectors.toSet());
        Set<String> kept = fixture.entrySet().stream().filter(e -> e.getKey().startsWith("m") && !expected.contains(e.getKey()))
                .map(e -> e.getValue().id()).collect(Collectors.toSet());
        assertThat(left).as("kept").isEqualTo(kept);
        assertThat(store.get(OTHER_NS, fixture.get("other").id())).as("the other namespace").isPresent();
    }

    /** m0..m3 in NS at T0..T3 with tags red / red+blue / blue / green, and one red memory in OTHER_NS at T1. */
    private Map<String, Memory> filterFixture() {
        Map<String, Memory> fixture = new LinkedHashMap<>();
        fixture.put("m0", put(memory(NS, "note zero", List.of("red"), T0), 1, 0, 0, 0));
        fixture.put("m1", put(memory(NS, "note one", List.of("red", "blue"), T1), 0, 1, 0, 0));
        fixture.put("m2", put(memory(NS, "note two", List.of("blue"), T2), 0, 0, 1, 0));
        fixture.put("m3", put(memory(NS, "note three", List.of("green"), T3), 0, 0, 0, 1));
        fixture.put("other", put(memory(OTHER_NS, "note other", List.of("red", "blue", "green"), T1), 1, 1, 1, 1));
        return fixture;
    }

    // --- keyword

    @Test
    void shouldRankMoreMatchingWordsFirst() {
        Memory all = put(memory("the quick brown fox jumps over the fence", List.of(), T0), 1, 0, 0, 0);
        Memory one = put(memory("a quick rabbit runs across the field", List.of(), T0), 1, 0, 0, 0);
        put(memory("the slow green turtle sleeps in the sun", List.of(), T0), 1, 0, 0, 0);

        List<Hit> hits = store.keyword(MemoryFilter.namespace(NS), "quick brown fox", 10);

        assertThat(ids(hits)).containsExactly(all.id(), one.id());
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        assertThat(hits.get(0).memory()).isEqualTo(all);
        assertThat(ids(store.keyword(MemoryFilter.namespace(NS), "quick brown fox", 1))).containsExactly(all.id());
    }

    @Test
    void shouldRankKeywordsByTheNamespacesOwnTextAlone() {
        Memory beta = put(memory("alpha beta", List.of(), T0), 1, 0, 0, 0);
        Memory gamma = put(memory("alpha gamma", List.of(), T0), 0, 1, 0, 0);
        Map<String, Double> before = scores(store.keyword(MemoryFilter.namespace(NS), "beta gamma", 10));

        // another namespace makes 'beta' common; a ranking in NS must not tell
        for (int i = 0; i < 20; i++) {
            put(memory(OTHER_NS, "beta number " + i + " of many", List.of(), T0), 0, 0, 1, 0);
        }
        Map<String, Double> after = scores(store.keyword(MemoryFilter.namespace(NS), "beta gamma", 10));

        assertThat(before).containsOnlyKeys(beta.id(), gamma.id());
        assertThat(after).isEqualTo(before);
    }

    private static Map<String, Double> scores(List<Hit> hits) {
        Map<String, Double> scores = new LinkedHashMap<>();
        hits.forEach(hit -> scores.put(hit.memory().id(), hit.score()));
        return scores;
    }

    @Test
    void shouldMatchWordsNotSubstrings() {
        Memory cat = put(memory("the cat sleeps on the sofa", List.of(), T0), 1, 0, 0, 0);
        put(memory("a category of concatenated strings", List.of(), T0), 1, 0, 0, 0);

        assertThat(ids(store.keyword(MemoryFilter.namespace(NS), "cat", 10))).containsExactly(cat.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alpha OR 1=1", "alpha' OR '1'='1", "\"alpha", "alpha*", "(alpha", "alpha) OR (1=1)", "alpha; DROP TABLE memories; --",
        "content:alpha", "alpha AND NOT beta", "alpha~2 beta^10", "alpha \\ / [x TO y] {a} | & ! %_", "alpha:*", "alpha <-> beta"})
    void shouldTakeQuerySyntaxLiterally(String query) {
        Memory alpha = put(memory("alpha beta", List.of(), T0), 1, 0, 0, 0);
        put(memory("gamma delta", List.of(), T0), 0, 1, 0, 0);

        assertThat(ids(store.keyword(MemoryFilter.namespace(NS), query, 10))).isSubsetOf(alpha.id());
    }

    @Test
    void shouldFindTheWordsInAQueryWithSyntax() {
        Memory alpha = put(memory("alpha beta", List.of(), T0), 1, 0, 0, 0);
        put(memory("gamma delta", List.of(), T0), 0, 1, 0, 0);

        assertThat(ids(store.keyword(MemoryFilter.namespace(NS), "alpha OR 1=1", 10))).containsExactly(alpha.id());
        assertThat(ids(store.keyword(MemoryFilter.namespace(NS), "\"alpha\" (*)", 10))).containsExactly(alpha.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "*", "*:*", "!!! ???", "' OR ''='"})
    void shouldAnswerNothingForAQueryWithoutWords(String query) {
        put(memory("alpha beta", List.of(), T0), 1, 0, 0, 0);

        assertThat(store.keyword(MemoryFilter.namespace(NS), query, 10)).isEmpty();
    }

    // --- replace

    @Test
    void shouldReplaceContentTagsMetadataAndVector() {
        Memory old = put(new Memory(UUID.randomUUID().toString(), NS, "the old words", List.of("old"), json("{\"v\":1}"), hash("the old words"),
                T0, T0), 1, 0, 0, 0);
        Memory other = put(memory("a neighbour", List.of(), T0), 0.9f, 0.1f, 0, 0);

        Memory replaced = store.replace(NS, old.id(), "the new sentence", hash("the new sentence"), List.of("new"), json("{\"v\":2}"),
                vector(0, 0, 0, 1)).orElseThrow();

        assertThat(replaced.id()).isEqualTo(old.id());
        assertThat(replaced.createdAt()).isEqualTo(T0);
        assertThat(replaced.updatedAt()).isAfter(T0);
        assertThat(replaced.content()).isEqualTo("the new sentence");
        assertThat(replaced.contentHash()).isEqualTo(hash("the new sentence"));
        assertThat(replaced.tags()).containsExactly("new");
        assertThat(replaced.metadata()).isEqualTo(json("{\"v\":2}"));
        assertThat(store.get(NS, old.id()).orElseThrow()).isEqualTo(replaced);
        assertThat(ids(store.nearest(MemoryFilter.namespace(NS), vector(0, 0, 0, 1), 1))).containsExactly(old.id());
        assertThat(ids(store.nearest(MemoryFilter.namespace(NS), vector(1, 0, 0, 0), 1))).containsExactly(other.id());
        assertThat(ids(store.keyword(MemoryFilter.namespace(NS), "sentence", 10))).containsExactly(old.id());
        assertThat(store.keyword(MemoryFilter.namespace(NS), "old words", 10)).isEmpty();
        assertThat(store.count(new MemoryFilter(NS, List.of("old"), TagMatch.ANY, null, null))).isZero();
        assertThat(store.count(MemoryFilter.namespace(NS))).isEqualTo(2);
    }

    @Test
    void shouldMergeByTheReplacedContentHash() {
        Memory old = put(memory("first draft", List.of(), T0), 1, 0, 0, 0);
        store.replace(NS, old.id(), "final text", hash("final text"), List.of(), json("{}"), vector(0, 1, 0, 0));

        Stored again = store.put(memory("final text", List.of("again"), T1), vector(0, 1, 0, 0));
        Stored draft = store.put(memory("first draft", List.of(), T1), vector(1, 0, 0, 0));

        assertThat(again.merged()).isTrue();
        assertThat(again.memory().id()).isEqualTo(old.id());
        assertThat(draft.merged()).isFalse();
        assertThat(store.count(MemoryFilter.namespace(NS))).isEqualTo(2);
    }

    @Test
    void shouldAnswerEmptyWhenReplacingAnUnknownMemory() {
        assertThat(store.replace(NS, UUID.randomUUID().toString(), "x", hash("x"), List.of(), json("{}"), vector(1, 0, 0, 0))).isEmpty();
        assertThat(store.count(MemoryFilter.namespace(NS))).isZero();
    }

    // --- delete

    @Test
    void shouldDeleteById() {
        Memory gone = put(memory("to forget", List.of(), T0), 1, 0, 0, 0);
        Memory kept = put(memory("to keep", List.of(), T0), 1, 0, 0, 0);

        assertThat(store.delete(NS, gone.id())).isTrue();
        assertThat(store.delete(NS, gone.id())).isFalse();

        assertThat(store.get(NS, gone.id())).isEmpty();
        assertThat(ids(store.nearest(MemoryFilter.namespace(NS), vector(1, 0, 0, 0), 10))).containsExactly(kept.id());
        assertThat(store.keyword(MemoryFilter.namespace(NS), "forget", 10)).isEmpty();
        assertThat(store.count(MemoryFilter.namespace(NS))).isOne();
    }

    @Test
    void shouldDeleteByFilterAndKeepTheRest() {
        put(memory("temporary one", List.of("tmp"), T0), 1, 0, 0, 0);
        put(memory("temporary two", List.of("tmp", "x"), T1), 1, 0, 0, 0);
        Memory kept = put(memory("lasting", List.of("x"), T2), 1, 0, 0, 0);

        long deleted = store.delete(new MemoryFilter(NS, List.of("tmp"), TagMatch.ANY, null, null));

        assertThat(deleted).isEqualTo(2);
        assertThat(store.list(MemoryFilter.namespace(NS), null, 10).memories()).containsExactly(kept);
        assertThat(store.stats(NS).tags()).isEqualTo(Map.of("x", 1L));
    }

    // --- list

    @Test
    void shouldPageNewestFirstWithTiesBrokenById() {
        List<Memory> memories = new ArrayList<>();
        memories.add(put(memory("one", List.of(), T0), 1, 0, 0, 0));
        memories.add(put(memory("two", List.of(), T1), 1, 0, 0, 0));
        memories.add(put(memory("three", List.of(), T1), 1, 0, 0, 0));
        memories.add(put(memory("four", List.of(), T1), 1, 0, 0, 0));
        memories.add(put(memory("five", List.of(), T2), 1, 0, 0, 0));
        List<String> expected = memories.stream()
                .sorted((a, b) -> a.createdAt().equals(b.createdAt()) ? b.id().compareTo(a.id()) : b.createdAt().compareTo(a.createdAt()))
                .map(Memory::id).toList();

        Page first = store.list(MemoryFilter.namespace(NS), null, 2);
        Page second = store.list(MemoryFilter.namespace(NS), first.nextCursor(), 2);
        Page third = store.list(MemoryFilter.namespace(NS), second.nextCursor(), 2);

        assertThat(first.memories()).hasSize(2);
        assertThat(first.nextCursor()).isNotNull();
        assertThat(second.memories()).hasSize(2);
        assertThat(second.nextCursor()).isNotNull();
        assertThat(third.memories()).hasSize(1);
        assertThat(third.nextCursor()).isNull();
        List<String> listed = Stream.of(first, second, third).flatMap(p -> p.memories().stream()).map(Memory::id).toList();
        assertThat(listed).containsExactlyElementsOf(expected);
        assertThat(first.memories().getFirst()).isEqualTo(memories.get(4));
    }

    @Test
    void shouldEndOnAFullLastPage() {
        for (int i = 0; i < 4; i++) {
            put(memory("memory " + i, List.of(), T0.plusSeconds(i)), 1, 0, 0, 0);
        }

        Page first = store.list(MemoryFilter.namespace(NS), null, 2);
        Page second = store.list(MemoryFilter.namespace(NS), first.nextCursor(), 2);

        assertThat(second.memories()).hasSize(2);
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void shouldPageWithinAFilter() {
        for (int i = 0; i < 6; i++) {
            put(memory("memory " + i, i % 2 == 0 ? List.of("even") : List.of(), T0.plusSeconds(i)), 1, 0, 0, 0);
        }
        MemoryFilter even = new MemoryFilter(NS, List.of("even"), TagMatch.ANY, null, null);

        Page first = store.list(even, null, 2);
        Page second = store.list(even, first.nextCursor(), 2);

        assertThat(first.memories()).extracting(Memory::content).containsExactly("memory 4", "memory 2");
        assertThat(second.memories()).extracting(Memory::content).containsExactly("memory 0");
        assertThat(second.nextCursor()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a cursor", "", "%%%", "eyJ4IjoxfQ", "' OR 1=1 --"})
    void shouldRefuseABadCursor(String cursor) {
        put(memory("one", List.of(), T0), 1, 0, 0, 0);

        assertThatThrownBy(() -> store.list(MemoryFilter.namespace(NS), cursor, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- stats

    @Test
    void shouldCountBytesTimesAndTags() {
        put(memory("café", List.of("a", "b"), T1), 1, 0, 0, 0); // 5 bytes in UTF-8
        put(memory("plain", List.of("a"), T0), 1, 0, 0, 0); // 5
        put(memory("✓✓", List.of(), T2), 1, 0, 0, 0); // 6
        put(memory(OTHER_NS, "elsewhere", List.of("a", "z"), T3), 1, 0, 0, 0);

        Stats stats = store.stats(NS);

        assertThat(stats.count()).isEqualTo(3);
        assertThat(stats.bytes()).isEqualTo(16);
        assertThat(stats.oldest()).isEqualTo(T0);
        assertThat(stats.newest()).isEqualTo(T2);
        assertThat(stats.tags()).isEqualTo(Map.of("a", 2L, "b", 1L));
    }

    @Test
    void shouldAnswerEmptyStatsForAnEmptyNamespace() {
        Stats stats = store.stats(NS);

        assertThat(stats.count()).isZero();
        assertThat(stats.bytes()).isZero();
        assertThat(stats.oldest()).isNull();
        assertThat(stats.newest()).isNull();
        assertThat(stats.tags()).isEmpty();
    }

    // --- durability

    @Test
    void shouldKeepEverythingAcrossAReopen() {
        Memory kept = put(memory("kept across a restart", List.of("k"), T0), 1, 0, 0, 0);
        Memory gone = put(memory("deleted before the restart", List.of(), T1), 0, 1, 0, 0);
        Memory replaced = put(memory("before", List.of(), T2), 0, 0, 1, 0);
        store.delete(NS, gone.id());
        Memory after = store.replace(NS, replaced.id(), "after the change", hash("after the change"), List.of("r"), json("{\"r\":true}"),
                vector(0, 0, 0, 1)).orElseThrow();
        Memory merged = store.put(memory("kept across a restart", List.of("m"), T3), vector(1, 0, 0, 0)).memory();
        MemoryStore closed = store;
        closed.close();

        store = reopen(closed);
        store.open(MODEL, DIMENSION);

        assertThat(store.get(NS, kept.id()).orElseThrow()).isEqualTo(merged);
        assertThat(store.get(NS, gone.id())).isEmpty();
        assertThat(store.get(NS, replaced.id()).orElseThrow()).isEqualTo(after);
        assertThat(ids(store.nearest(MemoryFilter.namespace(NS), vector(0, 0, 0, 1), 1))).containsExactly(replaced.id());
        assertThat(ids(store.keyword(MemoryFilter.namespace(NS), "restart", 10))).containsExactly(kept.id());
        assertThat(store.stats(NS).count()).isEqualTo(2);
        assertThat(store.put(memory("kept across a restart", List.of(), T3), vector(1, 0, 0, 0)).merged()).isTrue();
    }

    @Test
    void shouldRefuseAnotherModelAfterAReopen() {
        put(memory("one", List.of(), T0), 1, 0, 0, 0);
        MemoryStore closed = store;
        closed.close();

        store = reopen(closed);

        assertThatThrownBy(() -> store.open("other-model", DIMENSION)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(MODEL).hasMessageContaining("other-model");
        assertThatThrownBy(() -> store.open(MODEL, 384)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("384").hasMessageContaining(String.valueOf(DIMENSION));
        store.open(MODEL, DIMENSION);
        assertThat(store.count(MemoryFilter.namespace(NS))).isOne();
    }

    // --- helpers

    protected final Memory put(Memory memory, float... vector) {
        return store.put(memory, vector).memory();
    }

    protected static Memory memory(String content, List<String> tags, Instant createdAt) {
        return memory(NS, content, tags, createdAt);
    }

    protected static Memory memory(String namespace, String content, List<String> tags, Instant createdAt) {
        return new Memory(UUID.randomUUID().toString(), namespace, content, tags, json("{\"by\":\"contract\"}"), hash(content), createdAt,
                createdAt);
    }

    protected static float[] vector(float... values) {
        return values;
    }

    protected static ObjectNode json(String text) {
        return (ObjectNode) JSON.readTree(text);
    }

    protected static String hash(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ids(List<Hit> hits) {
        return hits.stream().map(h -> h.memory().id()).toList();
    }
}
