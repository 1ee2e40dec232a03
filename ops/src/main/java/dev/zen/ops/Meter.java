package dev.zen.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What a measured run of {@code ./zen bench} cost besides time: the CPU each process of the
 * platform spent (user + system time from {@code /proc/<pid>/stat}, in clock ticks) and the records
 * written to Kafka (the sum of the end offsets of every topic under the bench's prefix). Read once
 * before and once after a run; {@link #between} is the difference.
 *
 * <p>The processes are named: fixed pids (the gateways, the broker, the peer server, this JVM as
 * {@code bench}) and workers, found afresh at each reading as the java child of their supervisor
 * (a worker restarted between two readings has no valid difference: NaN). Readings are made from one
 * thread at a time.
 */
final class Meter implements AutoCloseable {

    /** The process of this JVM: the floor, the git floor, the replay and the callback receiver run here. */
    static final String BENCH = "bench";
    /** Prefix of the name of a worker process: {@code worker:filesystem}. */
    static final String WORKER = "worker:";

    /** One process's CPU time so far. */
    record Ticks(long pid, long ticks) {
    }

    /** The state of every measured process and topic at one moment. */
    record Reading(Map<String, Ticks> cpu, Map<TopicPartition, Long> endOffsets) {
    }

    /** What happened between two readings: CPU ms per process (NaN where the process changed) and records written. */
    record Cost(Map<String, Double> cpuMs, long records) {

        static Cost none() {
            return new Cost(Map.of(), 0);
        }

        Cost plus(Cost other) {
            Map<String, Double> sum = new LinkedHashMap<>(cpuMs);
            other.cpuMs.forEach((name, ms) -> sum.merge(name, ms, Double::sum));
            return new Cost(sum, records + other.records);
        }
    }

    private final Map<String, Long> pids;
    private final Map<String, Long> supervisors;
    private final double msPerTick;
    private final Admin admin;
    private final String prefix;
    private final Map<String, List<TopicPartition>> partitions = new ConcurrentHashMap<>();

    /**
     * @param pids        named processes (gateway, broker, ...); this JVM is added as {@link #BENCH}
     * @param supervisors service name → pid of the supervisor whose java child is that service's worker
     */
    Meter(String bootstrap, String prefix, Map<String, Long> pids, Map<String, Long> supervisors) {
        this.pids = new LinkedHashMap<>(pids);
        this.pids.put(BENCH, ProcessHandle.current().pid());
        this.supervisors = supervisors;
        this.msPerTick = 1000.0 / clockTicksPerSecond();
        this.prefix = prefix;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** The processes measured, by name, in the order given (workers after the fixed ones). */
    List<String> names() {
        return java.util.stream.Stream.concat(pids.keySet().stream(), supervisors.keySet().stream().map(s -> WORKER + s)).toList();
    }

    Reading read() throws Exception {
        Map<String, Ticks> cpu = new LinkedHashMap<>();
        pids.forEach((name, pid) -> ticks(pid).ifPresent(t -> cpu.put(name, t)));
        supervisors.forEach((service, supervisor) -> worker(supervisor).flatMap(Meter::ticks).ifPresent(t -> cpu.put(WORKER + service, t)));
        return new Reading(cpu, endOffsets());
    }

    Cost between(Reading before, Reading after) {
        Map<String, Double> cpuMs = new LinkedHashMap<>();
        after.cpu().forEach((name, end) -> {
            Ticks start = before.cpu().get(name);
            cpuMs.put(name, start == null || start.pid() != end.pid() ? Double.NaN : (end.ticks() - start.ticks()) * msPerTick);
        });
        long records = 0;
        for (Map.Entry<TopicPartition, Long> end : after.endOffsets().entrySet()) {
            records += end.getValue() - before.endOffsets().getOrDefault(end.getKey(), 0L);
        }
        return new Cost(cpuMs, records);
    }

    /** The sum of every partition's end offset, per partition, over the topics under the prefix (topics made meanwhile included). */
    private Map<TopicPartition, Long> endOffsets() throws Exception {
        List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(t -> t.startsWith(prefix)).toList();
        List<String> unknown = topics.stream().filter(t -> !partitions.containsKey(t)).toList();
        if (!unknown.isEmpty()) {
            admin.describeTopics(unknown).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, description) -> partitions.put(name,
                    description.partitions().stream().map(p -> new TopicPartition(name, p.partition())).toList()));
        }
        Map<TopicPartition, OffsetSpec> latest = topics.stream().flatMap(t -> partitions.getOrDefault(t, List.of()).stream())
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** The java process a supervisor runs now (not its backoff sleep), if any. */
    private static Optional<Long> worker(long supervisor) {
        return ProcessHandle.of(supervisor).stream().flatMap(ProcessHandle::children)
                .filter(child -> child.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .map(ProcessHandle::pid).findFirst();
    }

    private static Optional<Ticks> ticks(long pid) {
        try {
            return Optional.of(new Ticks(pid, parseTicks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"),
                    StandardCharsets.US_ASCII))));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    /** utime + stime (fields 14 and 15 of {@code /proc/<pid>/stat}), counted after the command name, which may hold spaces. */
    static long parseTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state)
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            getconf.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100; // what Linux reports on every common architecture
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
