package dev.zen.worker.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process started by {@code process_start}: who owns it, what runs, its output log, and how it
 * ended. Its output is pumped into the log by a virtual thread; the log closes when the process has
 * ended and its output is drained. Thread-safe.
 */
final class BackgroundProcess {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundProcess.class);
    /** Writes to processes' stdin, each on a virtual thread of its own, so that a process that does not read blocks nobody. */
    private static final ExecutorService WRITERS = Executors.newVirtualThreadPerTaskExecutor();

    private final String id;
    private final String owner;
    private final Launch launch;
    private final CommandProcess command;
    private final Process process;
    private final OutputLog log;
    private final Instant startedAt;
    private final Instant killAt;
    private final OutputStream stdin;
    private volatile boolean stdinOpen = true;
    private CompletableFuture<Void> writing;
    private volatile Instant endedAt;
    private volatile Integer exitCode;
    private volatile String killedBecause;

    BackgroundProcess(String id, String owner, Launch launch, CommandProcess command, OutputLog log, Instant startedAt, Instant killAt) {
        this.id = id;
        this.owner = owner;
        this.launch = launch;
        this.command = command;
        this.process = command.process();
        this.log = log;
        this.startedAt = startedAt;
        this.killAt = killAt;
        this.stdin = process.getOutputStream();
        Thread.ofVirtual().name("zen-terminal-" + id).start(this::pump);
    }

    private void pump() {
        byte[] buffer = new byte[8192];
        try (InputStream out = process.getInputStream()) {
            int n;
            while ((n = out.read(buffer)) >= 0) {
                log.append(buffer, 0, n);
            }
        } catch (IOException e) {
            // closed under us by a kill: what was read is kept
        }
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            // one transition: either it ended on its own (an exit code) or a kill came first (a reason, no code)
            if (killedBecause == null) {
                exitCode = code;
            }
            endedAt = Instant.now();
        }
        log.close();
        LOG.info("Background process {} {} after {} ms: {} ({} bytes of output)", id, killedBecause == null ? "exited " + exitCode
                : "was killed (" + killedBecause + ")", Duration.between(startedAt, endedAt).toMillis(), argv(), log.total());
    }

    String id() {
        return id;
    }

    String owner() {
        return owner;
    }

    Launch launch() {
        return launch;
    }

    OutputLog log() {
        return log;
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant killAt() {
        return killAt;
    }

    /** Null while it runs. */
    Instant endedAt() {
        return endedAt;
    }

    boolean running() {
        return endedAt == null;
    }

    /** Null while it runs or when it was killed. */
    Integer exitCode() {
        return exitCode;
    }

    /** Why it was killed, or null. */
    String killedBecause() {
        return killedBecause;
    }

    boolean stdinOpen() {
        return stdinOpen && running();
    }

    /** How far a write to stdin got: bytes written, and whether the rest is still being written (the process is not reading). */
    record Written(long bytes, boolean pending) {
    }

    /**
     * Writes {@code text} to its stdin, then closes it when {@code close}; waits at most {@code waitMillis}
     * for a process that does not read: the rest is then written on in the background, and the next
     * write is refused until it is done. Never blocks its caller past the wait.
     */
    Written write(String text, boolean close, long waitMillis) throws IOException, InterruptedException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AtomicLong written = new AtomicLong();
        CompletableFuture<Void> write;
        synchronized (this) {
            if (!stdinOpen) {
                throw new IOException("its standard input is closed");
            }
            if (writing != null && !writing.isDone()) {
                throw new IOException("an earlier input is still being written (the process is not reading its standard input)");
            }
            if (close) {
                stdinOpen = false;
            }
            write = CompletableFuture.runAsync(() -> {
                try {
                    for (int at = 0; at < bytes.length; at += 4096) {
                        int length = Math.min(4096, bytes.length - at);
                        stdin.write(bytes, at, length);
                        stdin.flush();
                        written.addAndGet(length);
                    }
                    if (close) {
                        stdin.close();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, WRITERS);
            writing = write;
        }
        try {
            write.get(Math.max(0, waitMillis), TimeUnit.MILLISECONDS);
            return new Written(written.get(), false);
        } catch (TimeoutException e) {
            return new Written(written.get(), true);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException io ? io.getCause() : new IOException(e.getCause());
        }
    }

    /** Kills it with every process it made; {@code because} is what answers and the list say. */
    void kill(String because) {
        synchronized (this) {
            if (endedAt != null) {
                return;
            }
            if (killedBecause == null) {
                killedBecause = because;
            }
        }
        command.kill();
    }

    /** Waits up to {@code millis} for it to end. */
    boolean awaitEnd(long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (running() && System.currentTimeMillis() < until) {
            Thread.sleep(10);
        }
        return !running();
    }

    List<String> argv() {
        return launch.shown();
    }
}
