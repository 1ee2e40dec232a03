package dev.zen.worker.git;

import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One read/write lock per repository (by real path) in this process: reads share it, writes take it
 * alone and wait at most the configured time, then fail clearly. This keeps two calls of one worker
 * from interleaving their index and ref updates; other processes are kept out by JGit's own lock
 * files ({@code index.lock}, {@code <ref>.lock}), whose failures {@link GitErrors} reports.
 * Thread-safe. Locks are never removed: one small object per repository ever touched.
 */
final class RepositoryLocks {

    private final ConcurrentHashMap<Path, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();
    private final Duration timeout;

    RepositoryLocks(Duration timeout) {
        this.timeout = timeout;
    }

    /** Takes the lock of a repository, shared for reads, exclusive for writes. Close the result to release it. */
    Held acquire(Path repository, String name, boolean write) {
        ReentrantReadWriteLock lock = locks.computeIfAbsent(repository, p -> new ReentrantReadWriteLock(true));
        Lock chosen = write ? lock.writeLock() : lock.readLock();
        boolean acquired;
        try {
            acquired = chosen.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure("Expected to get repository '" + name + "', but the call was interrupted while waiting for it");
        }
        if (!acquired) {
            throw new ToolFailure("Expected to get repository '" + name + "' " + (write ? "for writing" : "for reading") + " within "
                    + timeout.toSeconds() + "s, but other calls kept it busy; nothing was changed, try again");
        }
        return chosen::unlock;
    }

    /** A held lock. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
