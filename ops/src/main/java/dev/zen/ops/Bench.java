package dev.zen.ops;

import dev.zen.ops.Measurements.Trial;
import dev.zen.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./zen bench}: measures, on one machine and in one run, Zen against two references: the
 * floor (a bare Kafka request-reply round trip with Zen's client settings, in this JVM) and a direct
 * MCP server (server-everything's {@code echo} on Node 22, the peer). The HTTP rows are driven by
 * wrk ({@link Wrk}), outside every measured process; for every row {@link Meter} adds the Kafka
 * records written per call and the CPU each process spent per call. Prints a table, appends it to
 * {@code docs/benchmarks.md} and ends with one summary line; {@code docs/bench-method.md} explains
 * the method.
 *
 * <p>Arguments: {@code --bootstrap HOST:PORT --mcp URL --file RELATIVE_PATH --out FILE [--quick]
 * [--only GROUPS] [--peer-mcp URL] [--secure-mcp URL --jwt-secret S] [--audit-off-mcp URL]
 * [--git-root DIR] [--terminal-workdir DIR] [--postgres-host HOST] [--memory-floor-dir DIR] [--pids name=pid,...] [--worker-supervisors service=pid,...] [--wrk PATH]
 * [--wrk-script FILE] [--topic-prefix P] [--replay-events N]}; {@code --load-only SECONDS [--method
 * call|trivial|ping|stateless|progress|peer] [--concurrency N]} drives one kind of call and prints
 * one row (a profiling aid).
 */
public final class Bench {

    /** Every group, in the order they run. */
    static final List<String> GROUPS = List.of("floor", "peer", "trivial", "zen", "stateless", "progress", "ping", "secure", "jobs",
            "audit", "services");
    /** The groups that run unless {@code --only} names others ({@code ping} only on request). */
    static final String DEFAULT_GROUPS = "floor,peer,trivial,zen,stateless,progress,secure,jobs,audit,services";

    private static final String MAIN = "gateway";
    private static final String SECURE = "gateway-secure";
    private static final String AUDIT_OFF = "gateway-audit-off";

    private final Map<String, String> options;
    private final boolean quick;
    /** Each measured row runs this long (alternating rows: per round). */
    private final Duration measure;
    private final Meter meter;
    private final Wrk wrk;
    private final String bootstrap;
    private final String mcpUrl;
    private final String file;
    private final TopicCatalogue topics;
    private final Measurements measurements;

    private Bench(Map<String, String> options, Meter meter) {
        this.options = options;
        this.quick = options.containsKey("quick");
        this.measure = Duration.ofSeconds(quick ? 3 : 12);
        this.meter = meter;
        this.wrk = new Wrk(options.getOrDefault("wrk", "wrk"), Path.of(options.getOrDefault("wrk-script", "ops/bench/mcp.lua")));
        this.measurements = new Measurements(meter, wrk);
        this.bootstrap = options.getOrDefault("bootstrap", "127.0.0.1:9092");
        this.mcpUrl = options.getOrDefault("mcp", "http://127.0.0.1:7000/mcp");
        this.file = options.getOrDefault("file", "bench/1k.txt");
        this.topics = TopicCatalogue.withPrefix(options.getOrDefault("topic-prefix", TopicCatalogue.DEFAULT_PREFIX));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Map<String, Long> pids = pids(options.getOrDefault("pids", ""));
        if (options.containsKey("gateway-pid")) {
            pids.putIfAbsent(MAIN, Long.parseLong(options.get("gateway-pid")));
        }
        try (Meter meter = new Meter(options.getOrDefault("bootstrap", "127.0.0.1:9092"), options.getOrDefault("topic-prefix",
                TopicCatalogue.DEFAULT_PREFIX), pids, pids(options.getOrDefault("worker-supervisors", "")))) {
            Bench bench = new Bench(options, meter);
            if (options.containsKey("load-only")) {
                bench.loadOnly(Duration.ofSeconds(Long.parseLong(options.get("load-only"))));
            } else {
                bench.all(pids.get(MAIN));
            }
        }
    }

    private void all(Long gatewayPid) throws Exception {
        long started = System.nanoTime();
        Set<String> only = new LinkedHashSet<>(Arrays.asList(options.getOrDefault("only", DEFAULT_GROUPS).split(",")));
        only.removeIf(String::isBlank);
        if (!GROUPS.containsAll(only)) {
            throw new IllegalArgumentException("Expected --only to name groups of " + GROUPS + ", but got " + only);
        }
        // every session, key and target first: the shared warm-up drives them all at once
        Map<String, Wrk.Target> zen = new LinkedHashMap<>();
        McpSession session = null;
        if (only.stream().anyMatch(Set.of("trivial", "zen", "progress", "ping", "secure", "audit", "services")::contains)) {
            session = McpSession.open(mcpUrl, Map.of());
            zen.put("zen", session.toolCall("file_read", fileArguments()));
        }
        if (only.contains("trivial")) {
            zen.put("trivial", session.toolCall("test_simple_text", "{}"));
        }
        if (only.contains("stateless")) {
            zen.put("stateless", McpSession.statelessCall(mcpUrl, "file_read", fileArguments()));
        }
        if (only.contains("progress")) {
            zen.put("progress", session.progressCall("file_read_many", "{\"paths\":[" + String.join(",",
                    java.util.Collections.nCopies(10, "\"" + file + "\"")) + "]}"));
        }
        if (only.contains("ping")) {
            zen.put("ping", session.ping());
        }
        Wrk.Target peer = only.contains("peer") ? peerTarget() : null;
        List<Trial> secure = only.contains("secure") && options.containsKey("secure-mcp") ? secureTrials(zen.get("zen")) : List.of();
        Wrk.Target auditOff = only.contains("audit") && options.containsKey("audit-off-mcp")
                ? McpSession.open(options.get("audit-off-mcp"), Map.of()).toolCall("file_read", fileArguments()) : null;
        warmUp(zen, peer, secure, auditOff);

        // the two rows the targets compare get a warm-up of their own right before them: after the shared one, the
        // first Zen row still measured a JIT that had not finished compiling (about half the steady rate on 2 cores)
        if (peer != null) {
            rowWarmUp(peer);
            measurements.pair("peer-echo", null, peer, measure);
        }
        for (String system : List.of("trivial", "zen", "stateless", "progress", "ping")) {
            if (only.contains(system)) {
                if (system.equals("trivial")) {
                    rowWarmUp(zen.get(system));
                }
                measurements.pair(system, MAIN, zen.get(system), measure);
            }
        }
        // the floor after the platform's start and warm-up, so that it meets a quiet machine as the rows above did:
        // measured first, it ran beside the JIT of six starting JVMs and read 5 ms at c=1 (docs/bench-method.md)
        if (only.contains("floor")) {
            floor();
        }
        if (!secure.isEmpty()) {
            secure(secure);
        }
        if (only.contains("jobs")) {
            jobs();
        }
        if (only.contains("audit")) {
            audit(zen.get("zen"), auditOff);
        }
        if (only.contains("services") && options.containsKey("git-root")) {
            services(session, Path.of(options.get("git-root")));
        }
        report(gatewayPid, (System.nanoTime() - started) / 1e9);
    }

    /** Drives one target alone at c=64 (6 s quick, 15 s full), not measured. */
    private void rowWarmUp(Wrk.Target target) throws Exception {
        wrk.run(target, 64, Duration.ofSeconds(quick ? 6 : 15));
    }

    /** The floor: warmed at 64, then measured at 1 and 64; its echo service and requester are this JVM. */
    private void floor() throws Exception {
        try (Floor floor = new Floor(bootstrap, topics)) {
            JvmLoad.run(64, Duration.ofSeconds(quick ? 5 : 15), floor::call);
            for (int concurrency : new int[] {1, 64}) {
                measurements.measured("floor", concurrency, null, () -> JvmLoad.run(concurrency, measure, floor::call));
            }
        }
    }

    private Wrk.Target peerTarget() throws Exception {
        String url = options.get("peer-mcp");
        if (url == null) {
            throw new IllegalArgumentException("Expected --peer-mcp URL of the direct MCP server for the peer group");
        }
        return McpSession.open(url, Map.of()).toolCall("echo", "{\"message\":\"hello\"}");
    }

    /**
     * One warm-up for every system measured after it, all under load at once (a wrk per target): so
     * that the JIT has compiled each gateway's, worker's and the peer's hot path, as in a long-running
     * deployment, without a warm-up of its own per row.
     */
    private void warmUp(Map<String, Wrk.Target> zen, Wrk.Target peer, List<Trial> secure, Wrk.Target auditOff) throws Exception {
        Map<String, Wrk.Target> targets = new LinkedHashMap<>();
        Map<String, Integer> connections = new LinkedHashMap<>();
        Map<String, Integer> wanted = Map.of("zen", 16, "trivial", 16, "stateless", 8, "progress", 4, "ping", 4);
        zen.forEach((system, target) -> {
            targets.put(system, target);
            connections.put(system, wanted.get(system));
        });
        if (peer != null) {
            targets.put("peer-echo", peer);
            connections.put("peer-echo", 8);
        }
        for (Trial trial : secure) {
            if (trial.gateway().equals(SECURE) && !trial.system().equals("secure-small")) {
                targets.put(trial.system(), trial.target());
                connections.put(trial.system(), 8);
            }
        }
        if (auditOff != null) {
            targets.put("audit-off", auditOff);
            connections.put("audit-off", 8);
        }
        if (targets.isEmpty()) {
            return;
        }
        Duration duration = Duration.ofSeconds(quick ? 40 : 60);
        System.out.printf(Locale.ROOT, "%s warm-up: %d s, all at once: %s%n", BenchReport.elapsed(), duration.toSeconds(), connections);
        List<Load> loads = wrk.together(new ArrayList<>(targets.values()), new ArrayList<>(connections.values()), duration);
        List<String> names = new ArrayList<>(targets.keySet());
        for (int i = 0; i < names.size(); i++) {
            System.out.printf(Locale.ROOT, "  %-12s %6.0f calls/s, %d errors%n", names.get(i), loads.get(i).callsPerSecond(),
                    loads.get(i).errors());
        }
    }

    /**
     * The sessions of the security group: the main gateway (auth, policy and rate limits off) and a
     * second one with all three on, called with a JWT, an API key and a JWT of a role with a small
     * rate limit. Every call there is verified, checked against the policy and counted in Redis.
     */
    private List<Trial> secureTrials(Wrk.Target off) throws Exception {
        String onUrl = options.get("secure-mcp");
        String secret = options.get("jwt-secret");
        dev.zen.ops.keys.KeyTopic keys = new dev.zen.ops.keys.KeyTopic(bootstrap, topics.prefix());
        keys.provision();
        dev.zen.schemas.ApiKey.Issued key = dev.zen.schemas.ApiKey.issue("bench-" + System.nanoTime(), List.of("bench"), null,
                System.currentTimeMillis());
        keys.write(key.record());
        McpSession jwt = McpSession.open(onUrl, Map.of("Authorization", "Bearer " + Hs256.token(secret, "bench", List.of("bench"))));
        McpSession keyed = null;
        for (long until = System.currentTimeMillis() + 10_000; keyed == null; ) {
            try {
                keyed = McpSession.open(onUrl, Map.of("X-API-Key", key.key()));
            } catch (IllegalStateException refused) {
                if (System.currentTimeMillis() > until) {
                    throw refused; // the gateway follows the keys topic: within a poll, not ten seconds
                }
                Thread.sleep(100);
            }
        }
        McpSession small = McpSession.open(onUrl, Map.of("Authorization", "Bearer " + Hs256.token(secret, "bench-small",
                List.of("bench_small"))));
        String arguments = fileArguments();
        return List.of(new Trial("secure-off", 1, MAIN, off), new Trial("secure-jwt", 1, SECURE, jwt.toolCall("file_read", arguments)),
                new Trial("secure-key", 1, SECURE, keyed.toolCall("file_read", arguments)),
                new Trial("secure-small", 1, SECURE, small.toolCall("file_read", arguments)));
    }

    /**
     * What the security layers cost: off, JWT and API key in rounds at concurrency 1; the small
     * bucket once (its 9,999 a minute must stay in its first half: at most 5 s of calls); then off
     * and JWT at 64.
     */
    private void secure(List<Trial> trials) throws Exception {
        measurements.alternating(trials.subList(0, 3), rounds(), round());
        Trial small = trials.get(3);
        Duration smallRun = measure.compareTo(Duration.ofSeconds(5)) < 0 ? measure : Duration.ofSeconds(5);
        measurements.measured(small.system(), 1, small.gateway(), () -> wrk.run(small.target(), 1, smallRun));
        measurements.measured("secure-off", 64, MAIN, () -> wrk.run(trials.get(0).target(), 64, measure));
        measurements.measured("secure-jwt", 64, SECURE, () -> wrk.run(trials.get(1).target(), 64, measure));
    }

    /**
     * Long jobs: submissions accepted per second at concurrency 64 (each job runs and calls back
     * meanwhile), then, at concurrency 4, how long after a job completed its callback arrived (the
     * row's calls are the callbacks).
     */
    private void jobs() throws Exception {
        try (JobsBench jobs = new JobsBench(mcpUrl, file)) {
            Wrk.Target submit = jobs.submission();
            wrk.run(submit, 64, Duration.ofSeconds(quick ? 2 : 5));
            measurements.measured("jobs-accept", 64, MAIN, () -> wrk.run(submit, 64, measure));
            Thread.sleep(quick ? 2_000 : 5_000); // the jobs accepted above run and call back meanwhile
            measurements.measured("jobs-callback", 4, MAIN, () -> {
                jobs.recording(true);
                Load submitted = wrk.run(submit, 4, measure);
                Thread.sleep(2_000); // the callbacks of the last jobs
                jobs.recording(false);
                Latencies latencies = new Latencies();
                for (double ms : jobs.callbackLatencies()) {
                    latencies.add(Math.round(ms * 1_000), 1);
                }
                return Load.of(latencies.count(), submitted.errors(), submitted.seconds(), latencies, 0);
            });
        }
    }

    /**
     * What auditing costs on the sync call path: the same call on the main gateway (audit on, the
     * default) and on one with {@code ZEN_AUDIT=off}, in rounds at 1, then once each at 64; then the
     * replay rate over generated events ({@link AuditBench}).
     */
    private void audit(Wrk.Target on, Wrk.Target off) throws Exception {
        if (off != null) {
            measurements.alternating(List.of(new Trial("audit-off", 1, AUDIT_OFF, off), new Trial("audit-on", 1, MAIN, on)), rounds(),
                    round());
            measurements.measured("audit-off", 64, AUDIT_OFF, () -> wrk.run(off, 64, measure));
            measurements.measured("audit-on", 64, MAIN, () -> wrk.run(on, 64, measure));
        }
        // quick: fewer events, still a read of seconds at the target's rate
        AuditBench.prepare(bootstrap, Integer.parseInt(options.getOrDefault("replay-events", quick ? "500000" : "1000000")));
        measurements.measured("replay-stats", 1, null, () -> {
            AuditBench.ReplayRate rate = AuditBench.replayStats(bootstrap);
            Latencies whole = new Latencies();
            whole.add(Math.round(rate.seconds() * 1e6), 1);
            return Load.of(rate.events(), 0, rate.seconds(), whole, 0);
        });
    }

    /**
     * The services group: git_status and git_log (50) on a 1,000-file, 1,000-commit repository at
     * concurrency 1 and 16, as the floor the same operations in this process, then through the
     * platform; the floor runs first so that the worker's JIT is not warmed by it.
     */
    private void services(McpSession session, Path gitRoot) throws Exception {
        Duration warm = Duration.ofSeconds(quick ? 2 : 5);
        try (ServicesBench git = new ServicesBench(gitRoot)) {
            for (var direct : List.<Map.Entry<String, JvmLoad.Call>>of(Map.entry("git-status-direct", git::directStatus),
                    Map.entry("git-log-direct", git::directLog))) {
                JvmLoad.run(16, warm, direct.getValue());
                for (int concurrency : new int[] {1, 16}) {
                    measurements.measured(direct.getKey(), concurrency, null, () -> JvmLoad.run(concurrency, measure, direct.getValue()));
                }
            }
            String repo = "{\"repo\":\"" + ServicesBench.REPO + "\"";
            Wrk.Target status = session.toolCall("git_status", repo + "}");
            Wrk.Target log = session.toolCall("git_log", repo + ",\"max_count\":50}");
            wrk.together(List.of(status, log), List.of(8, 8), Duration.ofSeconds(quick ? 4 : 10));
            for (var platform : List.of(Map.entry("git-status", status), Map.entry("git-log", log))) {
                for (int concurrency : new int[] {1, 16}) {
                    measurements.measured(platform.getKey(), concurrency, MAIN, () -> wrk.run(platform.getValue(), concurrency, measure));
                }
            }
        }
        if (options.containsKey("terminal-workdir")) {
            terminal(session, Path.of(options.get("terminal-workdir")), warm);
        }
        if (options.containsKey("postgres-host")) {
            database(session, warm);
        }
        if (options.containsKey("memory-floor-dir")) {
            memory(session, Path.of(options.get("memory-floor-dir")), warm);
        }
    }

    /**
     * The memory rows, with 10,000 memories stored (2,000 in a quick run) on each side, kept between runs:
     * search_memories in this process (the floor: embed and store query by the service's own handlers) and
     * through the platform at concurrency 1 and 8; then store_memory throughput, single and in batches of 32,
     * in this process and through the platform.
     */
    private void memory(McpSession session, Path floorDir, Duration warm) throws Exception {
        long total = quick ? 2_000 : 10_000;
        MemoryBench floor = new MemoryBench(floorDir);
        floor.fill(total);
        // the platform's side: the bench principal's namespace (anonymous, auth off) filled the same way
        Wrk.Target statsTarget = session.toolCall("memory_stats", "{}");
        long have = 0;
        for (long n = have; n < total; n += 100) {
            McpSession.checked(new Wrk.Target(statsTarget.url(), statsTarget.headers(), "{\"jsonrpc\":\"2.0\",\"id\":@ID@,"
                    + "\"method\":\"tools/call\",\"params\":{\"name\":\"store_memory\",\"arguments\":"
                    + MemoryBench.batch(n, (int) Math.min(100, total - n)) + "}}", Wrk.Expect.RESULT));
        }
        JvmLoad.run(8, warm, floor::searchOnce);
        for (int concurrency : new int[] {1, 8}) {
            measurements.measured("memory-search-direct", concurrency, null, () -> JvmLoad.run(concurrency, measure, floor::searchOnce));
        }
        Wrk.Target search = session.toolCall("search_memories", "{\"query\":\"what do we know about the deploy pipeline and its "
                + "schedule?\",\"limit\":10}");
        wrk.run(search, 8, warm);
        for (int concurrency : new int[] {1, 8}) {
            measurements.measured("memory-search", concurrency, MAIN, () -> wrk.run(search, concurrency, measure));
        }
        measurements.measured("memory-store-direct", 8, null, () -> JvmLoad.run(8, measure, floor::storeOne));
        measurements.measured("memory-store-batch-direct", 2, null, () -> JvmLoad.run(2, measure, floor::storeBatch));
        Wrk.Target single = session.toolCall("store_memory", MemoryBench.singleArguments());
        measurements.measured("memory-store", 8, MAIN, () -> wrk.run(single, 8, measure));
        Wrk.Target batch = session.toolCall("store_memory", MemoryBench.batchArguments());
        measurements.measured("memory-store-batch", 2, MAIN, () -> wrk.run(batch, 2, measure));
    }

    /**
     * The database rows: a primary-key lookup through JDBC from a pool like the source's (the floor),
     * then db_query of the same lookup through the platform, at concurrency 1 and 16.
     */
    private void database(McpSession session, Duration warm) throws Exception {
        try (DatabaseBench database = new DatabaseBench(options.get("postgres-host"), Integer.parseInt(options.getOrDefault(
                "postgres-port", "5432")), options.getOrDefault("postgres-user", "postgres"))) {
            JvmLoad.run(16, warm, database::lookup);
            for (int concurrency : new int[] {1, 16}) {
                measurements.measured("db-direct", concurrency, null, () -> JvmLoad.run(concurrency, measure, database::lookup));
            }
        }
        Wrk.Target query = session.toolCall("db_query", DatabaseBench.arguments());
        wrk.run(query, 16, warm);
        for (int concurrency : new int[] {1, 16}) {
            measurements.measured("db-query", concurrency, MAIN, () -> wrk.run(query, concurrency, measure));
        }
    }

    /**
     * The terminal rows: terminal_exec of {@code true} in this process without and with the sandbox (their
     * difference is the sandbox's cost), then through the platform (sandboxed), at concurrency 1 and 8.
     */
    private void terminal(McpSession session, Path workdir, Duration warm) throws Exception {
        TerminalBench terminal = new TerminalBench(workdir);
        for (var direct : List.<Map.Entry<String, JvmLoad.Call>>of(Map.entry("terminal-unsandboxed-direct", terminal::unsandboxed),
                Map.entry("terminal-direct", terminal::sandboxed))) {
            JvmLoad.run(8, warm, direct.getValue());
            for (int concurrency : new int[] {1, 8}) {
                measurements.measured(direct.getKey(), concurrency, null, () -> JvmLoad.run(concurrency, measure, direct.getValue()));
            }
        }
        Wrk.Target exec = session.toolCall("terminal_exec", TerminalBench.ARGUMENTS);
        wrk.run(exec, 8, warm);
        for (int concurrency : new int[] {1, 8}) {
            measurements.measured("terminal", concurrency, MAIN, () -> wrk.run(exec, concurrency, measure));
        }
    }

    /** The profiling aid: one kind of call at {@code --concurrency} for the given time, one row. */
    private void loadOnly(Duration duration) throws Exception {
        Map<String, String> credentials = options.containsKey("api-key") ? Map.of("X-API-Key", options.get("api-key")) : Map.of();
        String method = options.getOrDefault("method", "call");
        Wrk.Target target = switch (method) {
            case "peer" -> peerTarget();
            case "stateless" -> McpSession.statelessCall(mcpUrl, "file_read", fileArguments());
            case "trivial" -> McpSession.open(mcpUrl, credentials).toolCall("test_simple_text", "{}");
            case "ping" -> McpSession.open(mcpUrl, credentials).ping();
            case "progress" -> McpSession.open(mcpUrl, credentials).progressCall("file_read_many", "{\"paths\":[\"" + file + "\"]}");
            default -> McpSession.open(mcpUrl, credentials).toolCall("file_read", fileArguments());
        };
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "64"));
        measurements.measured(method, concurrency, method.equals("peer") ? null : MAIN, () -> wrk.run(target, concurrency, duration));
    }

    private void report(Long gatewayPid, double seconds) throws Exception {
        String memory = gatewayPid != null ? memoryOf(gatewayPid) : "not measured";
        String when = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).format(DateTimeFormatter.ofPattern(
                "yyyy-MM-dd HH:mm 'UTC'"));
        String method = String.format(Locale.ROOT, "HTTP rows driven by wrk (c=1: 1 thread; else 2 threads), after one shared warm-up"
                + " of %d s; each row %d s%s; the run took %.0f s.", quick ? 40 : 60, measure.toSeconds(),
                quick ? "" : " (rows compared in rounds: 4 × 5 s)", seconds);
        String section = BenchReport.section(measurements.rows(), when, quick ? "quick" : "", method, memory);
        System.out.println();
        System.out.println(section);
        Path out = Path.of(options.getOrDefault("out", "docs/benchmarks.md"));
        if (!Files.exists(out)) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, "# Benchmarks\n\nAppended by `./zen bench`; newest last. See docs/bench-method.md for what is measured.\n");
        }
        Files.writeString(out, "\n" + section, StandardOpenOption.APPEND);
        Matcher used = Pattern.compile("used (\\d+)K").matcher(memory);
        System.out.println(BenchReport.summary(measurements.rows(), used.find() ? Long.parseLong(used.group(1)) / 1024.0 : null));
    }

    /** Rows compared with each other: one round in quick mode, else 4 of 5 s. */
    private int rounds() {
        return quick ? 1 : 4;
    }

    private Duration round() {
        return quick ? measure : Duration.ofSeconds(5);
    }

    private String fileArguments() {
        return "{\"path\":\"" + file + "\"}";
    }

    private static String memoryOf(long pid) {
        try {
            String rss = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream().filter(l -> l.startsWith("VmRSS"))
                    .findFirst().map(l -> l.substring(6).trim()).orElse("?");
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid),
                    "GC.heap_info").redirectErrorStream(true).start();
            String heap = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("total") && l.contains("used")).findFirst().map(String::trim).orElse("?");
            jcmd.waitFor(10, TimeUnit.SECONDS);
            return "RSS " + rss + "; heap " + heap;
        } catch (Exception e) {
            return "not measured (" + e.getMessage() + ")";
        }
    }

    /** {@code name=pid,name=pid} (empty: none). */
    static Map<String, Long> pids(String list) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Expected name=pid, but got '" + entry + "'");
            }
            pids.put(entry.substring(0, eq).trim(), Long.parseLong(entry.substring(eq + 1).trim()));
        }
        return pids;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Expected --option, but got '" + arg + "'");
            }
            String key = arg.substring(2);
            if (key.equals("quick")) {
                options.put(key, "true");
            } else if (i + 1 < args.length) {
                options.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("Expected a value after " + arg);
            }
        }
        return options;
    }
}
