package dev.zen.worker.terminal;

import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one command to its end in the {@link Sandbox}: feeds its stdin, keeps the head and tail of its
 * stdout and stderr within a cap, reports progress each second, and kills its whole process tree when
 * its timeout or the call's deadline passes, or its client cancels. Bounded by {@link CommandSlots}.
 * Thread-safe; each call blocks its (virtual) thread while the command runs.
 */
final class CommandRunner {

    /** Time kept back from the call's deadline to answer after a kill. */
    static final long ANSWER_MARGIN_MS = 500;
    private static final long PROGRESS_EVERY_MS = 1_000;
    private static final long DRAIN_MS = 2_000;

    /** How a command ended. {@code exitCode} is null when it was killed before it ended on its own. */
    record Result(Integer exitCode, String stdout, String stderr, long stdoutBytes, long stderrBytes, boolean truncated,
            long durationMs, boolean timedOut, String stoppedBecause) {
    }

    private final Sandbox sandbox;
    private final CommandSlots slots;
    private final AtomicLong started = new AtomicLong();

    CommandRunner(Sandbox sandbox, CommandSlots slots) {
        this.sandbox = sandbox;
        this.slots = slots;
    }

    /** Processes this runner started, in all (tests prove with it that a refused call ran nothing). */
    long started() {
        return started.get();
    }

    Result run(Launch launch, String stdin, long timeoutMillis, int maxOutputBytes, ToolCall call) throws InterruptedException {
        long left = call.remainingMillis() - ANSWER_MARGIN_MS;
        if (left <= 0) {
            throw new ToolFailure("Expected time to run '" + launch.name() + "' before the call's deadline, but only "
                    + Math.max(0, call.remainingMillis()) + " ms were left; nothing ran");
        }
        slots.acquire(left);
        if (call.remainingMillis() - ANSWER_MARGIN_MS <= 0) {
            slots.release();
            throw new ToolFailure("Expected time to run '" + launch.name() + "' before the call's deadline, but it passed while the "
                    + "command waited for a slot; nothing ran");
        }
        try {
            return runHolding(launch, stdin, timeoutMillis, maxOutputBytes, call);
        } finally {
            slots.release();
        }
    }

    private Result runHolding(Launch launch, String stdin, long timeoutMillis, int maxOutputBytes, ToolCall call)
            throws InterruptedException {
        long budget = call.remainingMillis() - ANSWER_MARGIN_MS;
        boolean deadlineFirst = budget < timeoutMillis;
        long limit = Math.max(1, Math.min(timeoutMillis, budget));
        HeadTailBuffer out = new HeadTailBuffer(maxOutputBytes);
        HeadTailBuffer err = new HeadTailBuffer(maxOutputBytes);
        long startedAt = System.nanoTime();
        CommandProcess command;
        try {
            command = sandbox.start(launch, false);
        } catch (IOException e) {
            throw new ToolFailure("Expected to start '" + launch.name() + "', but " + e.getMessage());
        }
        started.incrementAndGet();
        Process process = command.process();
        Thread outPump = Thread.ofVirtual().start(() -> pump(process.getInputStream(), out));
        Thread errPump = Thread.ofVirtual().start(() -> pump(process.getErrorStream(), err));
        Thread.ofVirtual().start(() -> feed(process.getOutputStream(), stdin));
        String stoppedBecause = null;
        try {
            long endAt = startedAt + TimeUnit.MILLISECONDS.toNanos(limit);
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(endAt - System.nanoTime());
                if (left <= 0) {
                    stoppedBecause = deadlineFirst ? "the call's deadline" : "timeout_ms (" + timeoutMillis + " ms)";
                    break;
                }
                if (process.waitFor(Math.min(left, PROGRESS_EVERY_MS), TimeUnit.MILLISECONDS)) {
                    break;
                }
                if (call.client().cancelled()) {
                    stoppedBecause = "the client's cancel";
                    break;
                }
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
                call.client().progress(elapsed / 1000.0, limit / 1000.0, "'" + launch.name() + "' running for " + elapsed / 1000
                        + " s; " + (out.total() + err.total()) + " bytes of output so far");
            }
        } catch (InterruptedException e) {
            command.kill();
            throw e;
        } finally {
            if (stoppedBecause != null) {
                command.kill();
            }
            drain(command, outPump, errPump);
        }
        long duration = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
        Integer exitCode = stoppedBecause == null ? process.exitValue() : null;
        return new Result(exitCode, out.text(), err.text(), out.total(), err.total(), out.truncated() || err.truncated(), duration,
                stoppedBecause != null, stoppedBecause);
    }

    /** Waits for the output pumps; a process that still holds the pipes open (it left the tree) is killed. */
    private static void drain(CommandProcess command, Thread outPump, Thread errPump) throws InterruptedException {
        Process process = command.process();
        outPump.join(DRAIN_MS);
        errPump.join(Math.max(1, DRAIN_MS / 4));
        if (outPump.isAlive() || errPump.isAlive()) {
            command.kill();
            closeQuietly(process.getInputStream());
            closeQuietly(process.getErrorStream());
            outPump.join(DRAIN_MS);
            errPump.join(DRAIN_MS);
        }
        process.waitFor(5, TimeUnit.SECONDS);
    }

    static void pump(InputStream in, HeadTailBuffer into) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                into.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the stream was closed under us (a killed command): what was read is kept
        }
    }

    private static void feed(OutputStream stdin, String text) {
        try (stdin) {
            if (text != null && !text.isEmpty()) {
                stdin.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the command ended or closed its stdin before reading it all: not an error of the call
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // closing only to unblock a reader
        }
    }
}
