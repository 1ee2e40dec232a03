package dev.zen.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives the HTTP rows of {@code ./zen bench} with wrk, a load generator in a process of its own
 * (C, epoll), so that the client's CPU does not hide the server's as an in-JVM client's did. wrk
 * runs {@code ops/bench/mcp.lua}, which sends one kind of request again and again (a fresh JSON-RPC
 * id in each), checks every answer and prints the counts and wrk's p50 and p99 at the end.
 * Threads: one up to one connection, else two (the machine has two cores).
 */
final class Wrk {

    /** How an answer counts as good; see {@code ops/bench/mcp.lua}. */
    enum Expect {
        /** HTTP 200 with a JSON-RPC result, no error, no {@code "isError":true}. */
        RESULT,
        /** As {@link #RESULT}, with 10 progress notifications before it. */
        PROGRESS,
        /** HTTP 202 (a job accepted). */
        ACCEPTED
    }

    /**
     * One kind of request: POSTed to {@code url} with {@code headers}; {@code body} may hold
     * {@code @ID@} where a unique JSON-RPC id goes.
     */
    record Target(String url, Map<String, String> headers, String body, Expect expect) {
    }

    private static final Pattern SUMMARY = Pattern.compile(
            "^ZEN-WRK requests=(\\d+) duration_us=(\\d+) bad=(\\d+) socket=(\\d+) p50_us=(\\d+) p99_us=(\\d+)$", Pattern.MULTILINE);
    private static final Pattern SKETCH = Pattern.compile("^ZEN-WRK-SKETCH (.*)$", Pattern.MULTILINE);

    private final String executable;
    private final Path script;

    Wrk(String executable, Path script) {
        this.executable = executable;
        this.script = script;
    }

    /** Runs {@code target} on {@code connections} connections for {@code duration}, and waits for the outcome. */
    Load run(Target target, int connections, Duration duration) throws IOException, InterruptedException {
        return together(List.of(target), List.of(connections), duration, false).getFirst();
    }

    /**
     * As {@link #run}, keeping the latencies (wrk's latency at every 0.1 %) so that rounds can be added
     * up: costs wrk 1,000 scans of its histogram, fine where latencies are short (c=1).
     */
    Load runKeepingLatencies(Target target, int connections, Duration duration) throws IOException, InterruptedException {
        return together(List.of(target), List.of(connections), duration, true).getFirst();
    }

    /**
     * Runs every target at once, each in a wrk of its own with its number of connections (the shared
     * warm-up: all gateways and the peer under load together), and waits for them all.
     */
    List<Load> together(List<Target> targets, List<Integer> connections, Duration duration) throws IOException, InterruptedException {
        return together(targets, connections, duration, false);
    }

    private List<Load> together(List<Target> targets, List<Integer> connections, Duration duration, boolean keepLatencies)
            throws IOException, InterruptedException {
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < targets.size(); i++) {
                // output to a file, not a pipe: nothing to drain while waiting
                Path output = Files.createTempFile("zen-wrk-", ".out");
                outputs.add(output);
                processes.add(command(targets.get(i), connections.get(i), duration, keepLatencies).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start());
            }
            List<Load> loads = new ArrayList<>();
            for (int i = 0; i < processes.size(); i++) {
                Process process = processes.get(i);
                if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
                    throw new IOException("Expected wrk to end within a minute after its " + duration.toSeconds() + " s, but it still runs");
                }
                String output = Files.readString(outputs.get(i), StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IOException("Expected wrk to exit with 0, but it exited with " + process.exitValue() + ": " + output);
                }
                loads.add(parse(output).withCutOff(connections.get(i)));
            }
            return loads;
        } finally {
            processes.forEach(Process::destroyForcibly);
            for (Path output : outputs) {
                Files.deleteIfExists(output);
            }
        }
    }

    private ProcessBuilder command(Target target, int connections, Duration duration, boolean keepLatencies) {
        List<String> command = new ArrayList<>(List.of(executable, "-t", String.valueOf(Math.min(2, connections)), "-c",
                String.valueOf(connections), "-d", Math.max(1, duration.toSeconds()) + "s", "--timeout", "30s", "-s", script.toString()));
        target.headers().forEach((name, value) -> command.addAll(List.of("-H", name + ": " + value)));
        command.add(target.url());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ZEN_WRK_BODY", target.body());
        builder.environment().put("ZEN_WRK_EXPECT", target.expect().name().toLowerCase(java.util.Locale.ROOT));
        if (keepLatencies) {
            builder.environment().put("ZEN_WRK_SKETCH", "1");
        }
        return builder;
    }

    /** Reads the lines {@code mcp.lua} prints when wrk is done. */
    static Load parse(String output) {
        Matcher summary = SUMMARY.matcher(output);
        if (!summary.find()) {
            throw new IllegalStateException("Expected wrk's output to end with the lines of mcp.lua, but it was: " + output);
        }
        long answers = Long.parseLong(summary.group(1));
        long bad = Long.parseLong(summary.group(3));
        long errors = bad + Long.parseLong(summary.group(4));
        double seconds = Long.parseLong(summary.group(2)) / 1e6;
        Matcher sketch = SKETCH.matcher(output);
        if (sketch.find()) {
            return Load.of(answers - bad, errors, seconds, Latencies.sketch(sketch.group(1), answers), 0);
        }
        boolean none = answers == 0;
        return new Load(answers - bad, errors, seconds, none ? Double.NaN : Long.parseLong(summary.group(5)) / 1e3,
                none ? Double.NaN : Long.parseLong(summary.group(6)) / 1e3, null, 0);
    }
}
