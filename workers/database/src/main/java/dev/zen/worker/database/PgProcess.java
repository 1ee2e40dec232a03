package dev.zen.worker.database;

import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolFailure;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one PostgreSQL client program ({@code pg_dump}, {@code pg_restore}) as a child process with an
 * argv the tools build from fixed options and validated names, never a caller's string on a command
 * line. The child gets a minimal environment of its own: the source's password, when it has one, only
 * as {@code PGPASSWORD} there (never in argv, never logged), nothing else of the worker's.
 *
 * <p>{@link #run} reads the child's stderr line by line (its {@code --verbose} report) and hands each
 * line to a {@link Listener} on the calling thread, so that progress goes to the client from the
 * handler's thread; it stops the child when the client cancels or the call's deadline comes near.
 * Blocks the calling (virtual) thread; thread-safe.
 */
final class PgProcess {

    /** Time kept back from the call's deadline to clean up (delete a partial file, drop a scratch database) and answer. */
    static final long ANSWER_MARGIN_MS = 3_000;
    private static final long QUIET_EVERY_MS = 5_000;
    private static final int TAIL_LINES = 20;
    private static final int ERROR_LINES = 20;
    private static final int MAX_LINE = 500;
    private static final int MAX_CAPTURE = 16 * 1024 * 1024;
    private static final String END = "\0end";
    private static final AtomicLong STARTED = new AtomicLong();

    /** What a run hears from the child. Called on the thread that called {@link #run}. */
    interface Listener {

        /** One line the child wrote to stderr. */
        void line(String line);

        /** No line for a while: {@code elapsedMillis} since the child started. */
        void quiet(long elapsedMillis);
    }

    /**
     * How a child ended. {@code exitCode} is null when it was stopped ({@code stoppedBecause} says why).
     * {@code errors} are the lines it flagged as errors, {@code tail} its last lines.
     */
    record Outcome(Integer exitCode, String stoppedBecause, List<String> errors, List<String> tail, long durationMillis) {

        boolean succeeded() {
            return exitCode != null && exitCode == 0;
        }

        /** What the child said about its failure: its error lines, or else its last lines. */
        String said() {
            List<String> lines = errors.isEmpty() ? tail.subList(Math.max(0, tail.size() - 5), tail.size()) : errors;
            String text = String.join("; ", lines);
            return text.length() > 1500 ? text.substring(0, 1500) + "…" : text;
        }
    }

    private PgProcess() {
    }

    /** Child processes started so far, in all (tests prove with it that a refused call ran nothing). */
    static long started() {
        return STARTED.get();
    }

    /**
     * The child's whole environment: a fixed PATH and locale (so that its messages are the English ones
     * {@link DbBackupTool} reads), UTC, an application name the server shows in {@code pg_stat_activity},
     * a connect timeout, {@code PGSSLMODE} when the source's URL sets {@code sslmode}, and
     * {@code PGPASSWORD} when the source has a password.
     */
    static Map<String, String> environment(SourceConfig config, String applicationName) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
        env.put("TZ", "UTC");
        env.put("PGAPPNAME", applicationName);
        env.put("PGCONNECT_TIMEOUT", "10");
        String query = config.url().getQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("sslmode=") && pair.substring(8).matches("[a-z-]{1,20}")) {
                    env.put("PGSSLMODE", pair.substring(8));
                }
            }
        }
        if (config.password().value() != null) {
            env.put("PGPASSWORD", config.password().value());
        }
        return env;
    }

    /**
     * The options that say where the source's server is and who to log in as, from its configuration:
     * {@code --host}, {@code --port}, {@code --username} and {@code --no-password} (never prompt).
     */
    static List<String> connectionOptions(SourceConfig config) {
        List<String> options = new ArrayList<>();
        String host = config.url().getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // an IPv6 literal, as libpq takes it
        }
        options.add("--host=" + host);
        options.add("--port=" + (config.url().getPort() < 0 ? 5432 : config.url().getPort()));
        if (config.user() != null && !config.user().isEmpty()) {
            options.add("--username=" + config.user());
        }
        options.add("--no-password");
        return options;
    }

    /**
     * Runs {@code argv} to its end, or until the client cancels or the call's deadline (less
     * {@link #ANSWER_MARGIN_MS}) comes; a stopped child is killed with its descendants.
     *
     * @throws ToolFailure when too little time is left to start it
     * @throws InterruptedException when the thread is interrupted (the child is killed first)
     */
    static Outcome run(List<String> argv, Map<String, String> env, ToolCall call, Listener listener) throws InterruptedException {
        long budget = call.remainingMillis() - ANSWER_MARGIN_MS;
        if (budget <= 0) {
            throw new ToolFailure("Expected time before the call's deadline to run " + name(argv) + ", but " + call.remainingMillis()
                    + " ms are left (" + ANSWER_MARGIN_MS + " ms are kept to clean up and answer); give the job a longer deadline");
        }
        long startedAt = System.nanoTime();
        long endAt = startedAt + TimeUnit.MILLISECONDS.toNanos(budget);
        Process process = start(argv, env, false);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().name("zen-" + name(argv) + "-stderr").start(() -> readLines(process.getErrorStream(), lines));
        Deque<String> tail = new ArrayDeque<>();
        List<String> errors = new ArrayList<>();
        String stoppedBecause = null;
        long lastLine = System.nanoTime();
        try {
            while (true) {
                if (call.client().cancelled()) {
                    stoppedBecause = "the client cancelled the call";
                    break;
                }
                if (System.nanoTime() - endAt >= 0) {
                    stoppedBecause = "the call's deadline came";
                    break;
                }
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    long now = System.nanoTime();
                    if (TimeUnit.NANOSECONDS.toMillis(now - lastLine) >= QUIET_EVERY_MS) {
                        lastLine = now;
                        listener.quiet(TimeUnit.NANOSECONDS.toMillis(now - startedAt));
                    }
                    continue;
                }
                if (line == END) {
                    break;
                }
                lastLine = System.nanoTime();
                String kept = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line;
                tail.addLast(kept);
                if (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
                if (isError(line) && errors.size() < ERROR_LINES) {
                    errors.add(kept);
                }
                listener.line(line);
            }
            if (stoppedBecause == null) {
                // stderr is closed: the child is ending; wait for it within what is left
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(endAt - System.nanoTime()));
                if (!process.waitFor(left, TimeUnit.MILLISECONDS)) {
                    stoppedBecause = "the call's deadline came";
                }
            }
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        } finally {
            if (stoppedBecause != null) {
                kill(process);
            }
        }
        long duration = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
        return new Outcome(stoppedBecause == null ? process.exitValue() : null, stoppedBecause, List.copyOf(errors),
                List.copyOf(tail), duration);
    }

    /**
     * Runs {@code argv} and returns what it wrote to stdout (a version, a dump's table of contents),
     * within {@code timeoutMillis}.
     *
     * @throws IOException when it cannot start, fails (with its stderr), writes too much or takes too long
     */
    static String capture(List<String> argv, Map<String, String> env, long timeoutMillis) throws IOException, InterruptedException {
        Process process = start(argv, env, true);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = Thread.ofVirtual().start(() -> copy(process.getErrorStream(), err, 64 * 1024));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread outReader = Thread.ofVirtual().start(() -> copy(process.getInputStream(), out, MAX_CAPTURE));
        try {
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new IOException(name(argv) + " took longer than " + timeoutMillis + " ms");
            }
            outReader.join(2_000);
            errReader.join(2_000);
            if (out.size() >= MAX_CAPTURE) {
                throw new IOException(name(argv) + " wrote more than " + MAX_CAPTURE + " bytes");
            }
            if (process.exitValue() != 0) {
                throw new IOException(name(argv) + " exited with " + process.exitValue() + ": "
                        + err.toString(StandardCharsets.UTF_8).strip().lines().limit(5).reduce((a, b) -> a + "; " + b).orElse(""));
            }
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            kill(process);
        }
    }

    private static Process start(List<String> argv, Map<String, String> env, boolean readStdout) {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (!readStdout) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        // the worker's own environment (its secrets, other sources' passwords) is not the child's
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            STARTED.incrementAndGet();
            return process;
        } catch (IOException e) {
            throw new ToolFailure("Expected to start " + argv.getFirst() + ", but " + e.getMessage());
        }
    }

    /** PostgreSQL's client programs flag trouble with these words (in the C locale). */
    private static boolean isError(String line) {
        return line.contains("error:") || line.contains("FATAL:") || line.contains("ERROR:") || line.contains("detail:")
                || line.contains("DETAIL:") || line.contains("hint:") || line.contains("HINT:") || line.contains("warning:");
    }

    private static void readLines(InputStream stream, BlockingQueue<String> into) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                into.add(line);
            }
        } catch (IOException e) {
            // the stream was closed under us (a killed child): what was read is kept
        } finally {
            into.add(END);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, int max) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.size() < max) {
                    out.write(buffer, 0, Math.min(n, max - out.size()));
                }
            }
        } catch (IOException e) {
            // closed under us: what was read is kept
        }
    }

    /** SIGTERM first, so the child can close its connection to the server cleanly; SIGKILL if it lingers. */
    private static void kill(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        boolean interrupted = Thread.interrupted();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String name(List<String> argv) {
        String path = argv.getFirst();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
