package dev.zen.worker.memory;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the embedded Lucene index, in a directory of its own per test (which also lets it reopen). */
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
}
