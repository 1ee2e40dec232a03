package dev.zen.worker.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.memory.MemoryStore.Stored;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract on the embedded Lucene index, in a directory of its own per test (which also lets it
 * reopen), and what is Lucene's own: its limits, its lock, its refusals of hostile sizes.
 */
class LuceneStoreTest extends MemoryStoreContract {

    @TempDir
    Path dir;

    @Override
    protected MemoryStore newStore(String model, int dimension) {
        LuceneStore store = new LuceneStore(dir.resolve("index"));
        store.open(model, dimension);
        return store;
    }

    @Override
    protected MemoryStore reopen(MemoryStore closed) {
        return new LuceneStore(dir.resolve("index"));
    }

    @Test
    void shouldAnswerEverythingForAHugeLimitWithoutAllocatingIt() {
        put(memory("one word", List.of(), Instant.EPOCH), 1, 0, 0, 0);
        put(memory("two words", List.of(), Instant.EPOCH), 0, 1, 0, 0);
        MemoryFilter all = MemoryFilter.namespace(NS);

        assertThat(store.nearest(all, vector(1, 0, 0, 0), 1_000_000_000)).hasSize(2);
        assertThat(store.keyword(all, "words word", Integer.MAX_VALUE)).hasSize(2);
        assertThat(store.list(all, null, Integer.MAX_VALUE).memories()).hasSize(2);
    }

    @Test
    void shouldKeepWritingAfterACallerWasInterrupted() {
        // a worker interrupts a handler whose deadline passed; file I/O on an interrupted thread would close the IndexWriter for good
        Thread.currentThread().interrupt();
        Stored first;
        try {
            first = store.put(memory("written while interrupted", List.of(), Instant.EPOCH), vector(1, 0, 0, 0));
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        }
        Stored second = store.put(memory("written after", List.of(), Instant.EPOCH), vector(0, 1, 0, 0));

        assertThat(store.get(NS, first.memory().id())).isPresent();
        assertThat(store.get(NS, second.memory().id())).isPresent();
        assertThat(store.count(MemoryFilter.namespace(NS))).isEqualTo(2);
    }

    @Test
    void shouldRefuseAVectorWithoutADirection() {
        Memory memory = memory("zero", List.of(), Instant.EPOCH);

        assertThatThrownBy(() -> store.put(memory, vector(0, 0, 0, 0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Expected a vector with a direction");
        assertThatThrownBy(() -> store.put(memory, vector(Float.NaN, 0, 0, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.nearest(MemoryFilter.namespace(NS), vector(0, 0, 0, 0), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.count(MemoryFilter.namespace(NS))).isZero();
    }

    @Test
    void shouldRefuseALimitBelowOne() {
        assertThatThrownBy(() -> store.nearest(MemoryFilter.namespace(NS), vector(1, 0, 0, 0), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expected a limit of at least 1, but it was 0");
        assertThatThrownBy(() -> store.list(MemoryFilter.namespace(NS), null, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseADimensionBeyondLucenesLimit() {
        LuceneStore other = new LuceneStore(dir.resolve("other"));

        assertThatThrownBy(() -> other.open("big-model", 1536)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1536")
                .hasMessageContaining("1024");
        assertThat(dir.resolve("other")).doesNotExist();
    }

    @Test
    void shouldRefuseASecondStoreOnTheSameDirectory() {
        LuceneStore second = new LuceneStore(dir.resolve("index"));

        assertThatThrownBy(() -> second.open(MODEL, DIMENSION)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another store holds its lock");
        second.close();
        assertThat(store.count(MemoryFilter.namespace(NS))).isZero();
    }

    @Test
    void shouldRefuseUseBeforeOpenAndAfterClose() throws Exception {
        LuceneStore unopened = new LuceneStore(dir.resolve("unopened"));

        assertThatThrownBy(() -> unopened.count(MemoryFilter.namespace(NS))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not open");
        assertThat(unopened.describe()).contains("not open");
        store.close();
        assertThatThrownBy(() -> store.get(NS, "x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.open(MODEL, DIMENSION)).isInstanceOf(IllegalStateException.class).hasMessageContaining("was closed");
        assertThat(Files.list(dir.resolve("index"))).isNotEmpty();
    }
}
