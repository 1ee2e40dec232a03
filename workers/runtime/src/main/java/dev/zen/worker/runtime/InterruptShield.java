package dev.zen.worker.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs work that must not be cut in the middle on a thread the worker's deadline alarm never reaches.
 * The runtime interrupts a handler whose deadline passed ({@link CommandExecutor}); an interrupt during
 * I/O on a {@code FileChannel} (or a socket channel) closes that channel, which can leave lasting harm:
 * Lucene, whose files are channels, closes its IndexWriter for good. ({@code Files.write} and
 * {@code Files.newInputStream/newOutputStream} are uninterruptible since JDK 17 and need no shield.)
 * A handler wraps such a step in {@link #call}: the step runs to its end on a platform thread of this
 * class, the handler waits for it (ignoring interrupts meanwhile), and an interrupt that arrived is set
 * again afterwards, so the handler still sees its deadline at the next interruptible point.
 *
 * <p>For local, bounded steps only (a write, a commit, a merge); network work is better left
 * interruptible. Thread-locals set by the caller are not seen inside.
 */
public final class InterruptShield {

    /** Work that may throw {@code E}. */
    @FunctionalInterface
    public interface Step<T, E extends Exception> {
        T run() throws E;
    }

    private static final ExecutorService THREADS = Executors.newCachedThreadPool(Thread.ofPlatform().daemon()
            .name("zen-shielded-", 0).factory());

    private InterruptShield() {
    }

    /** Runs {@code step} to its end whatever interrupts the caller meanwhile; its result, or what it threw. */
    public static <T, E extends Exception> T call(Step<T, E> step) throws E {
        return call(THREADS, step);
    }

    /**
     * {@link #call} on a thread of the caller's choosing ({@code thread}), for a step that must run on a
     * particular thread (the terminal forks every process from one long-lived thread).
     */
    @SuppressWarnings("unchecked")
    public static <T, E extends Exception> T call(Executor thread, Step<T, E> step) throws E {
        CompletableFuture<T> done = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                done.complete(step.run());
            } catch (Throwable failure) {
                done.completeExceptionally(failure);
            }
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw (E) cause;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link #call} for a step with no result. */
    public static <E extends Exception> void run(VoidStep<E> step) throws E {
        call(() -> {
            step.run();
            return null;
        });
    }

    /** Work with no result that may throw {@code E}. */
    @FunctionalInterface
    public interface VoidStep<E extends Exception> {
        void run() throws E;
    }
}
