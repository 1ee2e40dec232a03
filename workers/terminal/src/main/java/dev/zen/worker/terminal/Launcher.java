package dev.zen.worker.terminal;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts every command process from one long-lived platform thread. bubblewrap's
 * {@code --die-with-parent} (the kernel's parent-death signal) is bound to the <em>thread</em> that
 * forked the process, not to the JVM: a process started from a virtual thread's carrier, or from any
 * thread that later ends, would be killed when that thread goes (a carrier retires after about 30 s
 * idle). This thread lives as long as the worker, so a command dies with the worker and not before.
 */
final class Launcher {

    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("zen-terminal-launcher").factory());

    private Launcher() {
    }

    /** Starts {@code builder}'s process on the launcher thread; waits for the start even if the caller is interrupted. */
    static Process start(ProcessBuilder builder) throws IOException {
        Future<Process> started = THREAD.submit(builder::start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return started.get();
                } catch (InterruptedException e) {
                    // the process may be starting: take it, so that it is the caller's to kill, and keep the interrupt
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
