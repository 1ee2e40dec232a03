package dev.zen.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The report of a {@code ./zen bench} run: one line per row on the console as it is measured, then a
 * Markdown section (the table, the ratios against the targets) that is printed and appended to
 * {@code docs/benchmarks.md}, and one summary line of {@code key=value} pairs for scripts. The
 * columns are explained in {@code docs/bench-method.md}.
 */
final class BenchReport {

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("floor", "floor (bare Kafka request-reply)"),
            Map.entry("peer-echo", "peer: server-everything `echo`, a direct MCP server on Node 22 (2025-11-25 session)"),
            Map.entry("trivial", "Zen, tools/call of a trivial tool (`test_simple_text`, conformance worker; 2025-11-25 session)"),
            Map.entry("ping", "Zen, MCP ping (HTTP into the gateway and back, no Kafka)"),
            Map.entry("zen", "Zen, 2025-11-25 session (MCP tools/call file_read 1 KiB)"),
            Map.entry("stateless", "Zen, 2026-07-28 stateless (same call, no session)"),
            Map.entry("progress", "Zen, file_read_many 10 × 1 KiB with 10 progress notifications over SSE"),
            Map.entry("secure-off", "security off: the session call on a gateway with auth, policy and rate limits off"),
            Map.entry("secure-jwt", "security on: the same call with an HS256 JWT, a policy file and Redis rate limits"),
            Map.entry("secure-key", "security on: the same call with an API key, a policy file and Redis rate limits"),
            Map.entry("secure-small", "security on: the same call with a JWT whose role has a small rate limit (9,999/min: one token held ahead;"
                    + " one short run, under half the bucket)"),
            Map.entry("jobs-accept", "long jobs: POST /v1/jobs of file_read with a callback, until accepted (202)"),
            Map.entry("jobs-callback", "long jobs: completion → callback received (latency; calls = callbacks)"),
            Map.entry("audit-on", "audit on: the session call on a gateway that writes every call to the audit topic"),
            Map.entry("audit-off", "audit off: the same call on a gateway with ZEN_AUDIT=off (and no analytics; the audit-on gateway runs them)"),
            Map.entry("replay-stats", "./zen replay --stats over generated audit events (calls = events; p50 ms = the whole read;"
                    + " calls/s = events/s)"),
            Map.entry("git-status-direct", "git floor: the git service's status of a 1,000-file, 1,000-commit repository, called in this process (JGit, no platform)"),
            Map.entry("git-status", "git: git_status of the same repository through MCP, the gateway, Kafka and a git worker"),
            Map.entry("git-log-direct", "git floor: the git service's log (50 commits) of the same repository, called in this process"),
            Map.entry("git-log", "git: git_log max_count 50 of the same repository through the platform"),
            Map.entry("terminal-unsandboxed-direct", "terminal floor: terminal_exec of `true` by the terminal's handler in this process, "
                    + "sandbox off (prlimit + true)"),
            Map.entry("terminal-direct", "terminal: the same in this process with the sandbox on (setpriv + bubblewrap + prlimit + true)"),
            Map.entry("terminal", "terminal: terminal_exec of `true` through MCP, the gateway, Kafka and a sandboxed terminal worker"),
            Map.entry("db-direct", "database floor: a primary-key lookup (10,000 rows) through JDBC from a HikariCP pool of 4, in this "
                    + "process"),
            Map.entry("db-query", "database: db_query of the same lookup through MCP, the gateway, Kafka and a database worker "
                    + "(READ ONLY transaction, statement timeout)"),
            Map.entry("memory-search-direct", "memory floor: search_memories (limit 10, hybrid) by the memory service's handler in this "
                    + "process: embed the query (all-MiniLM-L6-v2) and query the embedded index"),
            Map.entry("memory-search", "memory: search_memories of a question through MCP, the gateway, Kafka and a memory worker"),
            Map.entry("memory-store-direct", "memory floor: store_memory of one new memory in this process (calls = memories)"),
            Map.entry("memory-store-batch-direct", "memory floor: store_memory of 32 new memories in one call, in this process (calls = "
                    + "batches)"),
            Map.entry("memory-store", "memory: store_memory of one new memory through the platform (calls = memories)"),
            Map.entry("memory-store-batch", "memory: store_memory of 32 new memories in one call through the platform (calls = batches)"));

    private static final long STARTED = System.nanoTime();

    private BenchReport() {
    }

    /** Seconds since the bench started, for the console lines. */
    static String elapsed() {
        return String.format(Locale.ROOT, "[%4.0fs]", (System.nanoTime() - STARTED) / 1e9);
    }

    /** One console line: the row and the CPU of every measured process. */
    static void print(Row row) {
        StringJoiner cpu = new StringJoiner(" ");
        row.cost().cpuMs().forEach((process, ms) -> cpu.add(process + "=" + ms(row.cpuMsPerCall(process))));
        System.out.printf(Locale.ROOT, "%s %-17s c=%-3d calls=%-7d errors=%-4d %6.0f calls/s p50=%.3f ms p99=%.3f ms records/call=%s"
                + " cpu ms/call: %s%n", elapsed(), row.system(), row.concurrency(), row.calls(), row.errors(), row.callsPerSecond(), row.p50Ms(),
                row.p99Ms(), fixed(row.recordsPerCall(), 2), cpu);
        System.out.flush();
    }

    /** The Markdown section of the run. */
    static String section(List<Row> rows, String when, String mode, String method, String gatewayMemory) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("## ").append(when).append(mode.isEmpty() ? "" : " (" + mode + ")").append("\n\n");
        sb.append("Machine: ").append(machine()).append(". ").append(method).append(" Gateway memory at the end: ").append(gatewayMemory)
                .append(". Columns: docs/bench-method.md.\n\n");
        sb.append("| row | c | calls | errors | calls/s | p50 ms | p99 ms | records/call | CPU ms/call: gateway | broker | workers | peer"
                + " | bench JVM |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.0f | %.3f | %.3f | %s | %s | %s | %s | %s | %s |%n",
                    LABELS.getOrDefault(r.system(), r.system()), r.concurrency(), r.calls(), r.errors(), r.callsPerSecond(), r.p50Ms(),
                    r.p99Ms(), fixed(r.recordsPerCall(), 2), ms(r.cpuMsPerCall(r.gateway())), ms(r.cpuMsPerCall("broker")),
                    ms(r.workersMsPerCall()), ms(r.cpuMsPerCall("peer")), ms(r.cpuMsPerCall(Meter.BENCH))));
        }
        sb.append('\n');
        targets(rows, sb);
        return sb.toString();
    }

    private static void targets(List<Row> rows, StringBuilder sb) {
        Optional<Row> floor1 = find(rows, "floor", 1);
        Optional<Row> trivial1 = find(rows, "trivial", 1);
        Optional<Row> trivial64 = find(rows, "trivial", 64);
        Optional<Row> peer64 = find(rows, "peer-echo", 64);
        if (trivial64.isPresent()) {
            sb.append(String.format(Locale.ROOT, "Trivial call: %.0f calls/s at c=64%s; p50 %.3f ms at c=1%s; p99 %.3f ms at c=64;"
                    + " %s Kafka records per call (target ≤ 3).%n", trivial64.get().callsPerSecond(),
                    peer64.map(p -> String.format(Locale.ROOT, " = %.2f × server-everything echo's %.0f (target ≥ 2)",
                            trivial64.get().callsPerSecond() / p.callsPerSecond(), p.callsPerSecond())).orElse(""),
                    trivial1.map(Row::p50Ms).orElse(Double.NaN),
                    floor1.flatMap(f -> trivial1.map(t -> String.format(Locale.ROOT, " = %.2f × the floor's %.3f ms (target ≤ 1.5)",
                            t.p50Ms() / f.p50Ms(), f.p50Ms()))).orElse(""),
                    trivial64.get().p99Ms(), fixed(trivial64.get().recordsPerCall(), 2)));
        }
        if (floor1.isPresent() && has(rows, "zen") && has(rows, "stateless") && find(rows, "floor", 64).isPresent()) {
            Row f1 = floor1.get();
            Row f64 = find(rows, "floor", 64).orElseThrow();
            Row z1 = find(rows, "zen", 1).orElseThrow();
            Row z64 = find(rows, "zen", 64).orElseThrow();
            Row s1 = find(rows, "stateless", 1).orElseThrow();
            Row s64 = find(rows, "stateless", 64).orElseThrow();
            sb.append(String.format(Locale.ROOT, "Ratios: Zen p50 / floor p50 at c=1 = %.2f (target ≤ 1.5); "
                    + "Zen calls/s / floor calls/s at c=64 = %.2f (target ≥ 0.5); "
                    + "stateless / session p50 at c=1 = %.2f, calls/s at c=64 = %.2f (target: stateless costs no more).%n",
                    z1.p50Ms() / f1.p50Ms(), z64.callsPerSecond() / f64.callsPerSecond(), s1.p50Ms() / z1.p50Ms(),
                    s64.callsPerSecond() / z64.callsPerSecond()));
        }
        if (has(rows, "secure-jwt") && has(rows, "secure-off") && has(rows, "secure-key")) {
            Row off = find(rows, "secure-off", 1).orElseThrow();
            Row jwt = find(rows, "secure-jwt", 1).orElseThrow();
            Row key = find(rows, "secure-key", 1).orElseThrow();
            sb.append(String.format(Locale.ROOT, "Security: p50 on − off at c=1 = %+.3f ms with a JWT, %+.3f ms with an API key (target < 0.2 ms); "
                    + "p99 %+.3f ms / %+.3f ms.%n", jwt.p50Ms() - off.p50Ms(), key.p50Ms() - off.p50Ms(), jwt.p99Ms() - off.p99Ms(),
                    key.p99Ms() - off.p99Ms()));
            find(rows, "secure-small", 1).ifPresent(small -> sb.append(String.format(Locale.ROOT, "Security with a small rate limit"
                    + " (9,999/min, one token held ahead): p50 %+.3f ms, p99 %+.3f ms against off.%n", small.p50Ms() - off.p50Ms(),
                    small.p99Ms() - off.p99Ms())));
        }
        if (find(rows, "audit-on", 1).isPresent() && find(rows, "audit-off", 1).isPresent() && find(rows, "audit-on", 64).isPresent()
                && find(rows, "audit-off", 64).isPresent()) {
            Row on = find(rows, "audit-on", 1).orElseThrow();
            Row off = find(rows, "audit-off", 1).orElseThrow();
            sb.append(String.format(Locale.ROOT, "Audit: p50 on − off at c=1 = %+.3f ms (%+.1f %% of the call; target ≤ 5 %%), p99 %+.3f ms"
                    + " (%+.1f %%); calls/s at c=64 on / off = %.2f; records per call on − off = %s.%n", on.p50Ms() - off.p50Ms(),
                    100 * (on.p50Ms() / off.p50Ms() - 1), on.p99Ms() - off.p99Ms(), 100 * (on.p99Ms() / off.p99Ms() - 1),
                    find(rows, "audit-on", 64).get().callsPerSecond() / find(rows, "audit-off", 64).get().callsPerSecond(),
                    fixed(find(rows, "audit-on", 64).get().recordsPerCall() - find(rows, "audit-off", 64).get().recordsPerCall(), 2)));
        }
        find(rows, "replay-stats", 1).ifPresent(replay -> sb.append(String.format(Locale.ROOT,
                "Replay: ./zen replay --stats read %d events at %.0f events/s (target ≥ 200,000 on 2 cores).%n", replay.calls(),
                replay.callsPerSecond())));
        Optional<Row> accept = find(rows, "jobs-accept", 64);
        Optional<Row> callback = find(rows, "jobs-callback", 4);
        if (accept.isPresent() && callback.isPresent()) {
            sb.append(String.format(Locale.ROOT, "Jobs: %.0f accepted/s at c=64 (target ≥ 2,000), p99 accept %.1f ms (target ≤ 20 ms); "
                    + "callback p50 %.1f ms after completion (target ≤ 50 ms), p99 %.1f ms.%n", accept.get().callsPerSecond(),
                    accept.get().p99Ms(), callback.get().p50Ms(), callback.get().p99Ms()));
        }
    }

    /** The summary line: the keys of every row that was measured (a partial run gives fewer keys). */
    static String summary(List<Row> rows, Double gatewayHeapMiB) {
        Map<String, String> keys = new LinkedHashMap<>();
        find(rows, "floor", 1).ifPresent(r -> keys.put("floor_p50_ms", fixed(r.p50Ms(), 3)));
        find(rows, "zen", 1).ifPresent(r -> keys.put("zen_p50_ms", fixed(r.p50Ms(), 3)));
        find(rows, "floor", 64).ifPresent(r -> keys.put("floor_calls_per_s", fixed(r.callsPerSecond(), 0)));
        find(rows, "zen", 64).ifPresent(r -> keys.put("zen_calls_per_s", fixed(r.callsPerSecond(), 0)));
        find(rows, "stateless", 1).ifPresent(r -> keys.put("stateless_p50_ms", fixed(r.p50Ms(), 3)));
        find(rows, "progress", 1).ifPresent(r -> {
            keys.put("progress_p50_ms", fixed(r.p50Ms(), 3));
            keys.put("progress_p99_ms", fixed(r.p99Ms(), 3));
        });
        find(rows, "peer-echo", 64).ifPresent(r -> keys.put("peer_echo_calls_per_s", fixed(r.callsPerSecond(), 0)));
        find(rows, "peer-echo", 1).ifPresent(r -> keys.put("peer_echo_p50_ms", fixed(r.p50Ms(), 3)));
        find(rows, "trivial", 64).ifPresent(r -> keys.put("trivial_calls_per_s", fixed(r.callsPerSecond(), 0)));
        find(rows, "trivial", 1).ifPresent(r -> keys.put("trivial_p50_ms", fixed(r.p50Ms(), 3)));
        find(rows, "trivial", 64).ifPresent(r -> {
            keys.put("trivial_p99_ms", fixed(r.p99Ms(), 3));
            keys.put("records_per_call", fixed(r.recordsPerCall(), 2));
        });
        find(rows, "jobs-accept", 64).ifPresent(r -> keys.put("jobs_accepted_per_s", fixed(r.callsPerSecond(), 0)));
        if (gatewayHeapMiB != null) {
            keys.put("gateway_heap_used_mib", fixed(gatewayHeapMiB, 0));
        }
        StringJoiner line = new StringJoiner(" ");
        keys.forEach((key, value) -> line.add(key + "=" + value));
        return line.toString();
    }

    static Optional<Row> find(List<Row> rows, String system, int concurrency) {
        return rows.stream().filter(r -> r.system().equals(system) && r.concurrency() == concurrency).findFirst();
    }

    private static boolean has(List<Row> rows, String system) {
        return rows.stream().anyMatch(r -> r.system().equals(system));
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String fixed(double value, int decimals) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String machine() throws IOException {
        String cpu = "unknown CPU";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.exists(cpuinfo)) {
            cpu = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        }
        long memGiB = 0;
        Path meminfo = Path.of("/proc/meminfo");
        if (Files.exists(meminfo)) {
            memGiB = Files.readAllLines(meminfo).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024).orElse(0L);
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", " + memGiB + " GiB, Java "
                + Runtime.version().feature();
    }
}
