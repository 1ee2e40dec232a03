package dev.zen.worker.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * One process started by {@code process_start}: who owns it, what runs, its output log, and how it
 * ended. Its output is pumped into the log by a virtual thread; the log closes when the process has
 * ended and its output is drained. Thread-safe.
 */
final class BackgroundProcess {

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
        try {
            int code = process.waitFor();
            if (killedBecause == null) {
                exitCode = code;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endedAt = Instant.now();
        log.close();
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

    /** Writes {@code text} to its stdin; {@code close} closes it after. Returns the bytes written. */
    synchronized int write(String text, boolean close) throws IOException {
        if (!stdinOpen) {
            throw new IOException("its standard input is closed");
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            stdin.write(bytes);
            stdin.flush();
        } finally {
            if (close) {
                stdinOpen = false;
                stdin.close();
            }
        }
        return bytes.length;
    }

    /** Kills it with every process it made; {@code because} is what answers and the list say. */
    void kill(String because) {
        if (running()) {
            if (killedBecause == null) {
                killedBecause = because;
            }
            command.kill();
        }
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
