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
 * id in each), checks every answer and prints the count and the histogram of latencies at the end.
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

    private static final Pattern SUMMARY = Pattern.compile("^ZEN-WRK requests=(\\d+) duration_us=(\\d+) bad=(\\d+) socket=(\\d+)$",
            Pattern.MULTILINE);
    private static final Pattern HISTOGRAM = Pattern.compile("^ZEN-WRK-HISTOGRAM ?(.*)$", Pattern.MULTILINE);

    private final String executable;
    private final Path script;

    Wrk(String executable, Path script) {
        this.executable = executable;
        this.script = script;
    }

    /** Runs {@code target} on {@code connections} connections for {@code duration}, and waits for the outcome. */
    Load run(Target target, int connections, Duration duration) throws IOException, InterruptedException {
        return together(List.of(target), List.of(connections), duration).getFirst();
    }

    /**
     * Runs every target at once, each in a wrk of its own with its number of connections (the shared
     * warm-up: all gateways and the peer under load together), and waits for them all.
     */
    List<Load> together(List<Target> targets, List<Integer> connections, Duration duration) throws IOException, InterruptedException {
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < targets.size(); i++) {
                // output to a file, not a pipe: the histogram line can be larger than a pipe's buffer
                Path output = Files.createTempFile("zen-wrk-", ".out");
                outputs.add(output);
                processes.add(command(targets.get(i), connections.get(i), duration).redirectErrorStream(true)
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

    private ProcessBuilder command(Target target, int connections, Duration duration) {
        List<String> command = new ArrayList<>(List.of(executable, "-t", String.valueOf(Math.min(2, connections)), "-c",
                String.valueOf(connections), "-d", Math.max(1, duration.toSeconds()) + "s", "--timeout", "30s", "-s", script.toString()));
        target.headers().forEach((name, value) -> command.addAll(List.of("-H", name + ": " + value)));
        command.add(target.url());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ZEN_WRK_BODY", target.body());
        builder.environment().put("ZEN_WRK_EXPECT", target.expect().name().toLowerCase(java.util.Locale.ROOT));
        return builder;
    }

    /** Reads the two lines {@code mcp.lua} prints when wrk is done. */
    static Load parse(String output) {
        Matcher summary = SUMMARY.matcher(output);
        Matcher histogram = HISTOGRAM.matcher(output);
        if (!summary.find() || !histogram.find()) {
            throw new IllegalStateException("Expected wrk's output to end with the lines of mcp.lua, but it was: " + output);
        }
        long answers = Long.parseLong(summary.group(1));
        long bad = Long.parseLong(summary.group(3));
        return new Load(answers - bad, bad + Long.parseLong(summary.group(4)), Long.parseLong(summary.group(2)) / 1e6,
                Latencies.parse(histogram.group(1)), 0);
    }
}
