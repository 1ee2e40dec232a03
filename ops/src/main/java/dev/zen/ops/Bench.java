package dev.zen.ops;

import dev.zen.topics.KafkaClientDefaults;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.TopicProvisioner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code ./zen bench}: measures, on one machine and in one run, the floor (a bare Kafka request-reply
 * round trip: producer → topic → consumer group → producer → reply topic → consumer, with the same
 * client settings as Zen) and Zen ({@code tools/call} of {@code file_read} on a 1 KiB file over MCP
 * HTTP through gateway, Kafka and a filesystem worker), at concurrency 1 and 64. Prints a table,
 * appends it to {@code docs/benchmarks.md} and ends with one summary line.
 *
 * <p>Arguments: {@code --bootstrap HOST:PORT --mcp URL --file RELATIVE_PATH --out FILE [--quick]
 * [--gateway-pid PID] [--topic-prefix P]}.
 */
public final class Bench {

    private record Stats(String system, int concurrency, long calls, long errors, double p50Ms, double p99Ms, double callsPerSecond) {
    }

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("jobs-accept", "long jobs: POST /v1/jobs of file_read with a callback, until accepted (202)"),
            Map.entry("jobs-callback", "long jobs: completion → callback received (latency; calls = callbacks)"),
            Map.entry("floor", "floor (bare Kafka request-reply)"),
            Map.entry("git-status-direct", "git floor: the git service's status of a 1,000-file, 1,000-commit repository, called in this process (JGit, no platform)"),
            Map.entry("git-status", "git: git_status of the same repository through MCP, the gateway, Kafka and a git worker"),
            Map.entry("git-log-direct", "git floor: the git service's log (50 commits) of the same repository, called in this process"),
            Map.entry("git-log", "git: git_log max_count 50 of the same repository through the platform"),
            Map.entry("zen", "Zen, 2025-11-25 session (MCP tools/call file_read 1 KiB)"),
            Map.entry("stateless", "Zen, 2026-07-28 stateless (same call, no session)"),
            Map.entry("progress", "Zen, file_read_many 10 × 1 KiB with 10 progress notifications over SSE"),
            Map.entry("secure-off", "security off: the session call on a gateway with auth, policy and rate limits off"),
            Map.entry("secure-jwt", "security on: the same call with an HS256 JWT, a policy file and Redis rate limits"),
            Map.entry("secure-key", "security on: the same call with an API key, a policy file and Redis rate limits"),
            Map.entry("secure-small", "security on: the same call with a JWT whose role has a small rate limit (9,999/min: one token held ahead)"),
            Map.entry("audit-on", "audit on: the session call on a gateway that writes every call to the audit topic"),
            Map.entry("audit-off", "audit off: the same call on a gateway with ZEN_AUDIT=off (both run the analytics consumer)"),
            Map.entry("replay-stats", "./zen replay --stats over 1,000,000 generated audit events (calls = events; p50 ms = the whole read;"
                    + " calls/s = events/s)"));

    private interface Call {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        boolean quick = options.containsKey("quick");
        Duration warmup = Duration.ofSeconds(quick ? 15 : 30);
        Duration measure = Duration.ofSeconds(quick ? 12 : 30);
        String bootstrap = options.getOrDefault("bootstrap", "127.0.0.1:9092");
        String mcpUrl = options.getOrDefault("mcp", "http://127.0.0.1:7000/mcp");
        String file = options.getOrDefault("file", "bench/1k.txt");
        TopicCatalogue topics = TopicCatalogue.withPrefix(options.getOrDefault("topic-prefix", "zen."));

        List<Stats> results = new ArrayList<>();
        if (options.containsKey("load-only")) {
            // profiling aid: drive Zen at --concurrency (64) for the given seconds (with --api-key if given), print one row
            ZenClient zen = options.containsKey("api-key") ? new ZenClient(mcpUrl, file, Map.of("X-API-Key", options.get("api-key")))
                    : new ZenClient(mcpUrl, file);
            String method = options.getOrDefault("method", "call");
            int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "64"));
            Call call = switch (method) {
                case "ping" -> zen::ping;
                case "stateless" -> zen::statelessCall;
                case "progress" -> zen::progressCall;
                default -> zen::call;
            };
            print(run(method, concurrency, Duration.ofSeconds(Long.parseLong(options.get("load-only"))), call));
            return;
        }
        // each system is warmed up under load first (so that the JIT has compiled its hot path, as in a
        // long-running deployment), then measured at concurrency 1 and 64
        // --only floor,zen,stateless,progress,secure,jobs,audit,services runs some of the groups (all by default)
        java.util.Set<String> only = java.util.Set.of(options.getOrDefault("only", "floor,zen,stateless,progress,secure,jobs,audit,services")
                .split(","));
        if (only.contains("floor")) {
            try (Floor floor = new Floor(bootstrap, topics)) {
                measure("floor", floor::call, warmup, measure, results);
            }
        }
        ZenClient zen = new ZenClient(mcpUrl, file);
        if (only.contains("zen")) {
            measure("zen", zen::call, warmup, measure, results);
        }
        // the same call without a session (2026-07-28), and a call that streams 10 progress notifications before its result
        if (only.contains("stateless")) {
            measure("stateless", zen::statelessCall, Duration.ofSeconds(5), measure, results);
        }
        if (only.contains("progress")) {
            measure("progress", zen::progressCall, Duration.ofSeconds(5), measure, results);
        }
        if (options.containsKey("secure-mcp") && only.contains("secure")) {
            secure(mcpUrl, options.get("secure-mcp"), options.get("jwt-secret"), bootstrap, topics.prefix(), file, quick, results);
        }
        if (only.contains("jobs")) {
            jobs(mcpUrl, file, measure, results);
        }
        if (only.contains("audit")) {
            audit(mcpUrl, options.get("audit-off-mcp"), bootstrap, file, quick, Integer.parseInt(options.getOrDefault("replay-events",
                    "1000000")), results);
        }
        if (only.contains("services") && options.containsKey("git-root")) {
            services(zen, Path.of(options.get("git-root")), warmup, measure, results);
        }
        String gatewayMemory = options.containsKey("gateway-pid") ? memoryOf(options.get("gateway-pid")) : "not measured";
        String table = table(results, quick, measure, gatewayMemory);
        System.out.println();
        System.out.println(table);
        Path out = Path.of(options.getOrDefault("out", "docs/benchmarks.md"));
        if (!Files.exists(out)) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, "# Benchmarks\n\nAppended by `./zen bench`; newest last. See the README for what is measured.\n");
        }
        Files.writeString(out, "\n" + table, StandardOpenOption.APPEND);
        if (!has(results, "floor") || !has(results, "zen") || !has(results, "stateless") || !has(results, "progress")) {
            return;
        }
        Stats floor1 = find(results, "floor", 1);
        Stats zen1 = find(results, "zen", 1);
        Stats floor64 = find(results, "floor", 64);
        Stats zen64 = find(results, "zen", 64);
        Stats stateless1 = find(results, "stateless", 1);
        Stats progress1 = find(results, "progress", 1);
        System.out.printf(Locale.ROOT, "floor_p50_ms=%.3f zen_p50_ms=%.3f floor_calls_per_s=%.0f zen_calls_per_s=%.0f"
                + " stateless_p50_ms=%.3f progress_p50_ms=%.3f progress_p99_ms=%.3f%n",
                floor1.p50Ms(), zen1.p50Ms(), floor64.callsPerSecond(), zen64.callsPerSecond(), stateless1.p50Ms(), progress1.p50Ms(),
                progress1.p99Ms());
    }

    /**
     * The services group: git_status and git_log (50) on a 1,000-file, 1,000-commit repository at
     * concurrency 1 and 16, through the platform and, as the floor, the same operations in this
     * process; the floor runs first so that the worker's JIT is not warmed by it.
     */
    private static void services(ZenClient zen, Path gitRoot, Duration warmup, Duration measure, List<Stats> results) throws Exception {
        try (ServicesBench git = new ServicesBench(gitRoot)) {
            measure("git-status-direct", git::directStatus, warmup, measure, results, 1, 16);
            measure("git-log-direct", git::directLog, warmup, measure, results, 1, 16);
            String repo = "{\"repo\":\"" + ServicesBench.REPO + "\"";
            measure("git-status", zen.toolCall("git_status", repo + "}"), warmup, measure, results, 1, 16);
            measure("git-log", zen.toolCall("git_log", repo + ",\"max_count\":50}"), warmup, measure, results, 1, 16);
        }
    }

    /**
     * What the security layers cost: the same session call on two gateways of one platform, one with
     * auth, policy and rate limits off, one with all three on (every call is verified, checked against
     * the policy and counted in Redis, never refused). Each is warmed until steady, then the three are
     * called in turn at concurrency 1 ({@link #alternating}), then the off and JWT ones at 64.
     */
    private static void secure(String offUrl, String onUrl, String jwtSecret, String bootstrap, String prefix, String file, boolean quick,
            List<Stats> results) throws Exception {
        dev.zen.ops.keys.KeyTopic keys = new dev.zen.ops.keys.KeyTopic(bootstrap, prefix);
        keys.provision();
        dev.zen.schemas.ApiKey.Issued key = dev.zen.schemas.ApiKey.issue("bench-" + System.nanoTime(), List.of("bench"), null,
                System.currentTimeMillis());
        keys.write(key.record());
        ZenClient off = new ZenClient(offUrl, file);
        ZenClient jwt = new ZenClient(onUrl, file, Map.of("Authorization", "Bearer " + Hs256.token(jwtSecret, "bench", List.of("bench"))));
        ZenClient apiKey = null;
        for (long until = System.currentTimeMillis() + 10_000; apiKey == null; ) {
            try {
                apiKey = new ZenClient(onUrl, file, Map.of("X-API-Key", key.key()));
            } catch (IllegalStateException refused) {
                if (System.currentTimeMillis() > until) {
                    throw refused; // the gateway follows the keys topic: within a poll, not ten seconds
                }
                Thread.sleep(100);
            }
        }
        Duration round = Duration.ofSeconds(quick ? 5 : 10);
        ZenClient keyed = apiKey;
        for (ZenClient warm : List.of(off, jwt, keyed)) {
            warmUntilSteady(warm::call, quick);
        }
        Map<String, Call> systems = new java.util.LinkedHashMap<>();
        systems.put("secure-off", off::call);
        systems.put("secure-jwt", jwt::call);
        systems.put("secure-key", keyed::call);
        // a role limited to 9,999 a minute: a small bucket, of which a replica holds one token ahead while it is more than half
        // full (the default API_RATE_LIMIT of 100 a minute is such a bucket too); this caller is only called in turn with the
        // others, well under 9,999 a minute, so its bucket stays in its first half
        ZenClient small = new ZenClient(onUrl, file, Map.of("Authorization", "Bearer " + Hs256.token(jwtSecret, "bench-small",
                List.of("bench_small"))));
        run("warmup", 1, Duration.ofSeconds(5), small::call);
        systems.put("secure-small", small::call);
        for (Stats stats : alternating(systems, Duration.ofSeconds(quick ? 45 : 120))) {
            results.add(stats);
            print(stats);
        }
        results.add(run("secure-off", 64, round, off::call));
        print(results.getLast());
        results.add(run("secure-jwt", 64, round, jwt::call));
        print(results.getLast());
    }

    /**
     * What auditing costs on the sync call path: the same session call on the bench gateway (audit on,
     * the default) and on a second one with {@code ZEN_AUDIT=off} (both run analytics), called in turn at
     * concurrency 1 ({@link #alternating}), then once each at 64. Then the
     * replay rate over generated events ({@link AuditBench}).
     */
    private static void audit(String onUrl, String offUrl, String bootstrap, String file, boolean quick, int replayEvents,
            List<Stats> results) throws Exception {
        if (offUrl != null) {
            ZenClient on = new ZenClient(onUrl, file);
            ZenClient off = new ZenClient(offUrl, file);
            Duration round = Duration.ofSeconds(quick ? 5 : 10);
            for (ZenClient warm : List.of(on, off)) {
                warmUntilSteady(warm::call, quick);
            }
            Map<String, Call> systems = new java.util.LinkedHashMap<>();
            systems.put("audit-off", off::call);
            systems.put("audit-on", on::call);
            for (Stats stats : alternating(systems, Duration.ofSeconds(quick ? 45 : 120))) {
                results.add(stats);
                print(stats);
            }
            results.add(run("audit-off", 64, round, off::call));
            print(results.getLast());
            results.add(run("audit-on", 64, round, on::call));
            print(results.getLast());
        }
        AuditBench.ReplayRate rate = AuditBench.replayStats(bootstrap, replayEvents);
        Stats replay = new Stats("replay-stats", 1, rate.events(), 0, rate.seconds() * 1000, rate.seconds() * 1000, rate.eventsPerSecond());
        results.add(replay);
        print(replay);
    }

    /** An HS256 JWT for the bench's own gateway (what any OAuth client library would mint). */
    private static final class Hs256 {

        static String token(String secret, String subject, List<String> roles) throws Exception {
            java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
            long now = System.currentTimeMillis() / 1000;
            String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String payload = b64.encodeToString(("{\"sub\":\"" + subject + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600)
                    + ",\"roles\":[" + String.join(",", roles.stream().map(r -> "\"" + r + "\"").toList()) + "]}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal((header + "." + payload).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return header + "." + payload + "." + b64.encodeToString(signature);
        }
    }

    /**
     * Long jobs: submissions accepted per second and their latency at concurrency 64 (each job runs
     * and calls back meanwhile), then, at a modest rate, how long after a job completed its callback
     * arrived.
     */
    private static void jobs(String mcpUrl, String file, Duration measure, List<Stats> results) throws Exception {
        try (JobsBench jobs = new JobsBench(mcpUrl, file)) {
            run("jobs-accept", 64, Duration.ofSeconds(5), jobs::submit);
            results.add(run("jobs-accept", 64, measure, jobs::submit));
            print(results.getLast());
            Thread.sleep(5_000); // let the backlog of the accept run drain
            jobs.recording(true);
            Stats submitted = run("jobs-callback", 4, measure, jobs::submit);
            Thread.sleep(3_000);
            jobs.recording(false);
            double[] latencies = jobs.callbackLatencies();
            double seconds = measure.toSeconds();
            results.add(latencies.length == 0 ? new Stats("jobs-callback", 4, 0, submitted.errors(), Double.NaN, Double.NaN, 0)
                    : new Stats("jobs-callback", 4, latencies.length, submitted.errors(), percentile(latencies, 0.50),
                            percentile(latencies, 0.99), latencies.length / seconds));
            print(results.getLast());
        }
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    /**
     * Warms a system until its latency at concurrency 1 stops falling: rounds of load at 64 then a
     * short probe at 1, until two probes in a row agree within 5 % (at most 2 or 4 minutes). A fixed
     * warm-up is not enough here: on 2 cores shared by four or five JVMs a gateway's hot path
     * took about a minute of load to be compiled, and comparisons of two gateways measured before
     * that differed by more than the differences they were meant to show (docs/benchmarks.md).
     */
    private static void warmUntilSteady(Call call, boolean quick) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofMinutes(quick ? 2 : 4).toNanos();
        double previous = Double.NaN;
        int steady = 0;
        while (System.nanoTime() < until && steady < 2) {
            run("warmup", 64, Duration.ofSeconds(4), call);
            double p50 = run("warmup", 1, Duration.ofSeconds(3), call).p50Ms();
            steady = !Double.isNaN(previous) && Math.abs(p50 - previous) <= 0.05 * previous ? steady + 1 : 0;
            previous = p50;
        }
        System.out.printf(Locale.ROOT, "warm: p50 at c=1 %.3f ms%s%n", previous, steady < 2 ? " (not yet steady, time is up)" : "");
    }

    private static void measure(String system, Call call, Duration warmup, Duration measure, List<Stats> results)
            throws InterruptedException {
        measure(system, call, warmup, measure, results, 1, 64);
    }

    private static void measure(String system, Call call, Duration warmup, Duration measure, List<Stats> results, int... concurrencies)
            throws InterruptedException {
        run(system, concurrencies[concurrencies.length - 1], warmup, call);
        warmUntilSteady(call, measure.toSeconds() < 30);
        for (int concurrency : concurrencies) {
            run(system, concurrency, Duration.ofSeconds(2), call);
            results.add(run(system, concurrency, measure, call));
            print(results.getLast());
        }
    }

    /**
     * Compares systems call by call: one caller calls each in turn (the order rotating every round)
     * for the whole duration, so that whatever the machine does meanwhile (other JVMs compiling,
     * collecting, polling on 2 cores) hits each alike. Back-to-back runs of a few seconds each were
     * tried first: on this machine their p50s drifted by milliseconds from one run to the next, far
     * more than the sub-millisecond differences they were meant to show.
     */
    private static List<Stats> alternating(Map<String, Call> systems, Duration duration) {
        List<String> names = new ArrayList<>(systems.keySet());
        long[][] latencies = new long[names.size()][1 << 14];
        int[] counts = new int[names.size()];
        long[] errors = new long[names.size()];
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        for (int round = 0; System.nanoTime() < end; round++) {
            for (int k = 0; k < names.size(); k++) {
                int i = (round + k) % names.size();
                long t0 = System.nanoTime();
                try {
                    systems.get(names.get(i)).run();
                } catch (Exception e) {
                    errors[i]++;
                    continue;
                }
                if (counts[i] == latencies[i].length) {
                    latencies[i] = Arrays.copyOf(latencies[i], counts[i] * 2);
                }
                latencies[i][counts[i]++] = System.nanoTime() - t0;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<Stats> stats = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            long[] sorted = Arrays.copyOf(latencies[i], counts[i]);
            Arrays.sort(sorted);
            stats.add(sorted.length == 0 ? new Stats(names.get(i), 1, 0, errors[i], Double.NaN, Double.NaN, 0)
                    : new Stats(names.get(i), 1, sorted.length, errors[i], percentile(sorted, 0.50), percentile(sorted, 0.99),
                            sorted.length / seconds));
        }
        return stats;
    }

    private static Stats run(String system, int concurrency, Duration duration, Call call) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        List<long[]> perThread = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(concurrency);
        long started = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            long[][] holder = new long[1][];
            Thread.ofVirtual().start(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                try {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            call.run();
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            continue;
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = System.nanoTime() - t0;
                    }
                } finally {
                    synchronized (perThread) {
                        perThread.add(Arrays.copyOf(latencies, n));
                    }
                    done.countDown();
                }
            });
        }
        done.await();
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        if (all.length == 0) {
            return new Stats(system, concurrency, 0, errors.get(), Double.NaN, Double.NaN, 0);
        }
        return new Stats(system, concurrency, all.length, errors.get(), percentile(all, 0.50), percentile(all, 0.99), all.length / seconds);
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static void print(Stats s) {
        System.out.printf(Locale.ROOT, "%-6s c=%-3d calls=%-8d errors=%-4d p50=%.3f ms p99=%.3f ms %.0f calls/s%n",
                s.system(), s.concurrency(), s.calls(), s.errors(), s.p50Ms(), s.p99Ms(), s.callsPerSecond());
    }

    private static Stats find(List<Stats> results, String system, int concurrency) {
        return results.stream().filter(s -> s.system().equals(system) && s.concurrency() == concurrency).findFirst().orElseThrow();
    }

    private static String table(List<Stats> results, boolean quick, Duration measure, String gatewayMemory) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("## ").append(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))).append(quick ? " (quick)" : "")
                .append('\n').append('\n');
        sb.append("Machine: ").append(machine()).append(". Each system is warmed up under load until its p50 at concurrency 1 is steady; each row: ")
                .append(measure.toSeconds()).append(" s. Gateway memory at the end: ").append(gatewayMemory).append(".\n\n");
        sb.append("| system | concurrency | calls | errors | p50 ms | p99 ms | calls/s |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Stats s : results) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.3f | %.3f | %.0f |%n",
                    LABELS.get(s.system()),
                    s.concurrency(), s.calls(), s.errors(), s.p50Ms(), s.p99Ms(), s.callsPerSecond()));
        }
        if (has(results, "floor") && has(results, "zen") && has(results, "stateless")) {
            ratios(results, sb);
        }
        if (results.stream().anyMatch(r -> r.system().equals("secure-jwt"))) {
            Stats off = find(results, "secure-off", 1);
            Stats jwt = find(results, "secure-jwt", 1);
            Stats key = find(results, "secure-key", 1);
            sb.append(String.format(Locale.ROOT, "Security: p50 on − off at c=1 = %+.3f ms with a JWT, %+.3f ms with an API key (target < 0.2 ms); "
                    + "p99 %+.3f ms / %+.3f ms.%n", jwt.p50Ms() - off.p50Ms(), key.p50Ms() - off.p50Ms(), jwt.p99Ms() - off.p99Ms(),
                    key.p99Ms() - off.p99Ms()));
            if (has(results, "secure-small")) {
                Stats small = find(results, "secure-small", 1);
                sb.append(String.format(Locale.ROOT, "Security with a small rate limit (9,999/min, one token held ahead): p50 %+.3f ms, "
                        + "p99 %+.3f ms against off.%n", small.p50Ms() - off.p50Ms(), small.p99Ms() - off.p99Ms()));
            }
        }
        if (has(results, "audit-on")) {
            Stats on = find(results, "audit-on", 1);
            Stats off = find(results, "audit-off", 1);
            sb.append(String.format(Locale.ROOT, "Audit: p50 on − off at c=1 = %+.3f ms (%+.1f %% of the call; target ≤ 5 %%), p99 %+.3f ms"
                    + " (%+.1f %%); calls/s at c=64 on / off = %.2f.%n", on.p50Ms() - off.p50Ms(), 100 * (on.p50Ms() / off.p50Ms() - 1),
                    on.p99Ms() - off.p99Ms(), 100 * (on.p99Ms() / off.p99Ms() - 1),
                    find(results, "audit-on", 64).callsPerSecond() / find(results, "audit-off", 64).callsPerSecond()));
        }
        if (has(results, "replay-stats")) {
            Stats replay = find(results, "replay-stats", 1);
            sb.append(String.format(Locale.ROOT, "Replay: ./zen replay --stats read %d events at %.0f events/s (target ≥ 200,000 on 2 cores).%n",
                    replay.calls(), replay.callsPerSecond()));
        }
        if (results.stream().anyMatch(r -> r.system().equals("jobs-callback"))) {
            Stats accept = find(results, "jobs-accept", 64);
            Stats callback = find(results, "jobs-callback", 4);
            sb.append(String.format(Locale.ROOT, "Jobs: %.0f accepted/s at c=64 (target ≥ 5000), p99 accept %.1f ms (target ≤ 20 ms); "
                    + "callback p50 %.1f ms after completion (target ≤ 50 ms), p99 %.1f ms.%n", accept.callsPerSecond(), accept.p99Ms(),
                    callback.p50Ms(), callback.p99Ms()));
        }
        return sb.toString();
    }

    private static boolean has(List<Stats> results, String system) {
        return results.stream().anyMatch(r -> r.system().equals(system));
    }

    private static void ratios(List<Stats> results, StringBuilder sb) {
        Stats f1 = find(results, "floor", 1);
        Stats z1 = find(results, "zen", 1);
        Stats f64 = find(results, "floor", 64);
        Stats z64 = find(results, "zen", 64);
        Stats s1 = find(results, "stateless", 1);
        Stats s64 = find(results, "stateless", 64);
        sb.append(String.format(Locale.ROOT, "%nRatios: Zen p50 / floor p50 at c=1 = %.2f (target ≤ 1.5); "
                + "Zen calls/s / floor calls/s at c=64 = %.2f (target ≥ 0.5); "
                + "stateless / session p50 at c=1 = %.2f, calls/s at c=64 = %.2f (target: stateless costs no more).%n",
                z1.p50Ms() / f1.p50Ms(), z64.callsPerSecond() / f64.callsPerSecond(), s1.p50Ms() / z1.p50Ms(),
                s64.callsPerSecond() / z64.callsPerSecond()));
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

    private static String memoryOf(String pid) {
        try {
            String rss = Files.readAllLines(Path.of("/proc", pid, "status")).stream().filter(l -> l.startsWith("VmRSS"))
                    .findFirst().map(l -> l.substring(6).trim()).orElse("?");
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), pid, "GC.heap_info")
                    .redirectErrorStream(true).start();
            String heap = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("total") && l.contains("used")).findFirst().map(String::trim).orElse("?");
            jcmd.waitFor(10, TimeUnit.SECONDS);
            return "RSS " + rss + "; heap " + heap;
        } catch (Exception e) {
            return "not measured (" + e.getMessage() + ")";
        }
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

    /** The floor: an echo service in a consumer group, and a requester correlating replies by key. */
    private static final class Floor implements AutoCloseable {

        private final KafkaProducer<String, byte[]> producer;
        private final KafkaConsumer<String, byte[]> echoConsumer;
        private final KafkaConsumer<String, byte[]> replyConsumer;
        private final Map<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
        private final String requests;
        private final String replies;
        private final byte[] payload = new byte[1024];
        private volatile boolean running = true;
        private final Thread echo;
        private final Thread listener;

        Floor(String bootstrap, TopicCatalogue topics) throws InterruptedException {
            requests = topics.fixed("bench-requests").name();
            replies = topics.fixed("bench-replies").name();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(List.of(topics.fixed("bench-requests"),
                        topics.fixed("bench-replies")));
            }
            Arrays.fill(payload, (byte) 'x');
            // the same producer settings as the gateway's and the workers'
            producer = new KafkaProducer<>(KafkaClientDefaults.requestReplyProducer(bootstrap, "zen-bench-floor"));
            echoConsumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "zen-bench-echo-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100),
                    new StringDeserializer(), new ByteArrayDeserializer());
            replyConsumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100),
                    new StringDeserializer(), new ByteArrayDeserializer());
            CountDownLatch ready = new CountDownLatch(2);
            echo = Thread.ofPlatform().name("floor-echo").start(() -> echoLoop(ready));
            listener = Thread.ofPlatform().name("floor-replies").start(() -> replyLoop(ready));
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Expected the floor's consumers to be ready within 60 s");
            }
        }

        void call() throws Exception {
            String id = UUID.randomUUID().toString();
            CompletableFuture<byte[]> future = new CompletableFuture<>();
            pending.put(id, future);
            producer.send(new ProducerRecord<>(requests, id, payload));
            try {
                future.get(30, TimeUnit.SECONDS);
            } finally {
                pending.remove(id);
            }
        }

        private void echoLoop(CountDownLatch ready) {
            try {
                echoConsumer.subscribe(List.of(requests));
                while (echoConsumer.assignment().isEmpty()) {
                    echoConsumer.poll(Duration.ofMillis(50));
                }
                echoConsumer.assignment().forEach(echoConsumer::position);
                ready.countDown();
                while (running) {
                    var records = echoConsumer.poll(Duration.ofMillis(100));
                    for (ConsumerRecord<String, byte[]> record : records) {
                        producer.send(new ProducerRecord<>(replies, record.key(), record.value()));
                    }
                    if (!records.isEmpty()) {
                        echoConsumer.commitAsync();
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                echoConsumer.close();
            }
        }

        private void replyLoop(CountDownLatch ready) {
            try {
                List<TopicPartition> partitions = replyConsumer.partitionsFor(replies).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                replyConsumer.assign(partitions);
                replyConsumer.seekToEnd(partitions);
                partitions.forEach(replyConsumer::position);
                ready.countDown();
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : replyConsumer.poll(Duration.ofMillis(100))) {
                        CompletableFuture<byte[]> future = pending.get(record.key());
                        if (future != null) {
                            future.complete(record.value());
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                replyConsumer.close();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            echoConsumer.wakeup();
            replyConsumer.wakeup();
            echo.join(5_000);
            listener.join(5_000);
            producer.close();
        }
    }

    /** An MCP client of one session, calling file_read with the JDK's HTTP client. */
    private static final class ZenClient {

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final URI uri;
        private final String session;
        private final String body;
        private final String statelessBody;
        private final String progressBody;
        private final Map<String, String> credentials;

        ZenClient(String url, String file) throws IOException, InterruptedException {
            this(url, file, Map.of());
        }

        /** @param credentials headers that authenticate every request (a bearer token or an API key) */
        ZenClient(String url, String file, Map<String, String> credentials) throws IOException, InterruptedException {
            this.uri = URI.create(url);
            this.credentials = credentials;
            HttpResponse<String> init = http.send(request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                    + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"zen-bench\",\"version\":\"1\"}}}", null),
                    HttpResponse.BodyHandlers.ofString());
            if (init.statusCode() != 200) {
                throw new IllegalStateException("Expected initialize to answer 200, but got " + init.statusCode() + ": " + init.body());
            }
            session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
            http.send(request("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session),
                    HttpResponse.BodyHandlers.discarding());
            body = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"file_read\",\"arguments\":{\"path\":\""
                    + file + "\"}}}";
            statelessBody = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"file_read\",\"arguments\":{\"path\":\""
                    + file + "\"},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                    + "\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/clientInfo\":{\"name\":\"zen-bench\",\"version\":\"1\"}}}}";
            String paths = String.join(",", java.util.Collections.nCopies(10, "\"" + file + "\""));
            progressBody = "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"file_read_many\","
                    + "\"arguments\":{\"paths\":[" + paths + "]},\"_meta\":{\"progressToken\":\"bench\"}}}";
            HttpResponse<String> probe = http.send(request(body, session), HttpResponse.BodyHandlers.ofString());
            if (probe.statusCode() != 200 || probe.body().contains("\"isError\":true") || probe.body().contains("\"error\"")) {
                throw new IllegalStateException("Expected file_read of " + file + " to succeed, but got " + probe.body());
            }
            HttpRequest.Builder statelessRequest = HttpRequest.newBuilder(uri);
            credentials.forEach(statelessRequest::header);
            HttpResponse<String> statelessProbe = http.send(statelessRequest.header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream").header("MCP-Protocol-Version", "2026-07-28")
                    .header("Mcp-Method", "tools/call").header("Mcp-Name", "file_read")
                    .POST(HttpRequest.BodyPublishers.ofString(statelessBody)).build(), HttpResponse.BodyHandlers.ofString());
            if (!statelessProbe.body().contains("\"resultType\":\"complete\"") || statelessProbe.body().contains("\"isError\":true")) {
                throw new IllegalStateException("Expected the stateless file_read to succeed, but got " + statelessProbe.body());
            }
            progressCall();
        }

        /** The same call as {@link #call} in the 2026-07-28 revision: no session, everything in the request. */
        void statelessCall() throws IOException, InterruptedException {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call").header("Mcp-Name", "file_read")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(statelessBody)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
        }

        /** A call whose worker sends 10 progress notifications before the result: all must arrive, on the SSE response. */
        void progressCall() throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(request(progressBody, session), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            String body = response.body();
            int notifications = 0;
            for (int at = body.indexOf("notifications/progress"); at >= 0; at = body.indexOf("notifications/progress", at + 1)) {
                notifications++;
            }
            if (notifications != 10 || !body.contains("\"result\"")) {
                throw new IOException("Expected 10 progress notifications and a result, but got " + notifications);
            }
        }

        /**
         * A call of {@code tool} with fixed arguments on this session, checked once here to succeed; the
         * returned call, like {@link #call}, counts an HTTP error as a failed call.
         */
        Call toolCall(String tool, String argumentsJson) throws IOException, InterruptedException {
            String toolBody = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                    + "\",\"arguments\":" + argumentsJson + "}}";
            HttpResponse<String> probe = http.send(request(toolBody, session), HttpResponse.BodyHandlers.ofString());
            if (probe.statusCode() != 200 || probe.body().contains("\"isError\":true") || probe.body().contains("\"error\"")) {
                throw new IllegalStateException("Expected " + tool + " to succeed, but got " + probe.body());
            }
            return () -> {
                HttpResponse<byte[]> response = http.send(request(toolBody, session), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
            };
        }

        /** The MCP round trip without Kafka: what HTTP and the gateway cost alone. */
        void ping() throws IOException, InterruptedException {
            HttpResponse<byte[]> response = http.send(request("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}", session),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
        }

        void call() throws IOException, InterruptedException {
            HttpResponse<byte[]> response = http.send(request(body, session), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
        }

        private HttpRequest request(String json, String sessionId) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            credentials.forEach(builder::header);
            if (sessionId != null) {
                builder.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", "2025-11-25");
            }
            return builder.build();
        }
    }
}
