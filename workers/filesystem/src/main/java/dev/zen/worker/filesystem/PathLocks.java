package dev.zen.worker.filesystem;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises the read-modify-write tools (edit, append, move) of this worker on the same file, so
 * that two concurrent edits cannot lose one another. Striped: a fixed set of locks, no map that grows
 * with every path. ReentrantLock rather than synchronized, which would pin a virtual thread on Java 21.
 */
public final class PathLocks {

    private static final int STRIPES = 64;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public PathLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Runs {@code action} holding the locks of all {@code paths}, taken in stripe order so that no two calls deadlock. */
    <T> T withLocks(IoSupplier<T> action, Path... paths) throws IOException {
        int[] stripes = Arrays.stream(paths).mapToInt(PathLocks::stripe).distinct().sorted().toArray();
        for (int stripe : stripes) {
            locks[stripe].lock();
        }
        try {
            return action.get();
        } finally {
            for (int i = stripes.length - 1; i >= 0; i--) {
                locks[stripes[i]].unlock();
            }
        }
    }

    private static int stripe(Path path) {
        return Math.floorMod(path.hashCode(), STRIPES);
    }

    /** A supplier that may fail with an I/O error. */
    @FunctionalInterface
    interface IoSupplier<T> {
        T get() throws IOException;
    }
}
