package dev.zen.worker.terminal;

import dev.zen.worker.runtime.InterruptShield;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
        // the process may be starting when the caller is interrupted: it is taken, so that it is the caller's to kill
        return InterruptShield.call(THREAD, () -> {
            try {
                return builder.start();
            } catch (RuntimeException e) {
                throw new IOException(e);
            }
        });
    }
}
