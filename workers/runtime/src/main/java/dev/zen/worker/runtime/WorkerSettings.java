package dev.zen.worker.runtime;

import dev.zen.worker.runtime.settings.Setting;
import dev.zen.worker.runtime.settings.Settings;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How a worker process runs: which cluster, which topic prefix, its instance id, how many calls it
 * runs at once, how often it heartbeats and how often a crashing handler is retried before the
 * command is dead-lettered. {@link #fromEnv(Map)} maps the environment onto it.
 */
public record WorkerSettings(
        String bootstrapServers,
        String topicPrefix,
        String instanceId,
        String host,
        int maxConcurrency,
        Duration heartbeatInterval,
        int maxAttempts,
        Duration retryBackoff,
        Duration shutdownGrace,
        Map<String, String> kafkaOverrides,
        Supervision supervision) {

    /**
     * What the process supervisor ({@code ./zen up}) tells a worker it restarted: how often, and how
     * the previous process ended. Announced, so that {@code /health} shows restarts and crash loops.
     */
    public record Supervision(int restarts, String lastExit) {

        public static final Supervision NONE = new Supervision(0, null);
    }

    /** Settings of a process no supervisor restarted. */
    public WorkerSettings(String bootstrapServers, String topicPrefix, String instanceId, String host, int maxConcurrency,
            Duration heartbeatInterval, int maxAttempts, Duration retryBackoff, Duration shutdownGrace,
            Map<String, String> kafkaOverrides) {
        this(bootstrapServers, topicPrefix, instanceId, host, maxConcurrency, heartbeatInterval, maxAttempts, retryBackoff,
                shutdownGrace, kafkaOverrides, Supervision.NONE);
    }

    public WorkerSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Expected ZEN_KAFKA_BOOTSTRAP to name a Kafka cluster, but it was blank");
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("Expected ZEN_WORKER_CONCURRENCY >= 1, but was " + maxConcurrency);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("Expected ZEN_WORKER_MAX_ATTEMPTS >= 1, but was " + maxAttempts);
        }
        kafkaOverrides = Map.copyOf(kafkaOverrides == null ? Map.of() : kafkaOverrides);
        supervision = supervision == null ? Supervision.NONE : supervision;
    }

    public static final Setting<String> KAFKA_BOOTSTRAP =
            Setting.string("ZEN_KAFKA_BOOTSTRAP", "Kafka cluster (host:port,...)").defaultsTo("127.0.0.1:9092");
    public static final Setting<String> TOPIC_PREFIX = Setting.string("ZEN_TOPIC_PREFIX", "prefix of every topic")
            .check(p -> p.matches("[A-Za-z0-9._-]{0,100}"), "letters, digits, '.', '_' or '-'").defaultsTo("zen.");
    public static final Setting<String> INSTANCE_ID = Setting.string("ZEN_INSTANCE_ID", "instance id of this process (random when unset)")
            .check(p -> p.matches("[A-Za-z0-9._-]{1,64}"), "1 to 64 letters, digits, '.', '_' or '-'");
    public static final Setting<Integer> CONCURRENCY =
            Setting.integer("ZEN_WORKER_CONCURRENCY", "calls a worker runs at once (virtual threads)", 1, 100_000).defaultsTo("64");
    public static final Setting<Integer> HEARTBEAT_MS = Setting.integer("ZEN_HEARTBEAT_MS",
            "worker heartbeat in milliseconds; an instance silent for 3 beats is unhealthy", 100, 3_600_000).defaultsTo("5000");
    public static final Setting<Integer> MAX_ATTEMPTS = Setting.integer("ZEN_WORKER_MAX_ATTEMPTS",
            "tries of a crashing handler before the command goes to <topic>.dlt", 1, 100).defaultsTo("3");
    public static final Setting<Integer> SHUTDOWN_GRACE_S = Setting.integer("ZEN_SHUTDOWN_GRACE_S",
            "seconds a stopping worker lets in-flight calls finish", 0, 3600).defaultsTo("30");

    public static final Setting<Integer> SUPERVISOR_RESTARTS = Setting.integer("ZEN_SUPERVISOR_RESTARTS",
            "set by a process supervisor: how often it restarted this worker (announced, shown in /health)", 0, Integer.MAX_VALUE)
            .defaultsTo("0");
    public static final Setting<String> SUPERVISOR_LAST_EXIT = Setting.string("ZEN_SUPERVISOR_LAST_EXIT",
            "set by a process supervisor: how the previous process ended, e.g. `exit 1`, `signal 9`")
            .check(v -> v.length() <= 200, "at most 200 characters");

    /** Every setting of the runtime, in the order {@code --help} prints them. */
    public static final List<Setting<?>> ALL = List.of(KAFKA_BOOTSTRAP, TOPIC_PREFIX, INSTANCE_ID, CONCURRENCY, HEARTBEAT_MS,
            MAX_ATTEMPTS, SHUTDOWN_GRACE_S, SUPERVISOR_RESTARTS, SUPERVISOR_LAST_EXIT);

    /** Reads {@link #ALL} from {@code env}; {@link dev.zen.worker.runtime.settings.InvalidSettings} lists every error. */
    public static WorkerSettings fromEnv(Map<String, String> env) {
        return from(Settings.of(env, ALL));
    }

    /** The runtime's settings out of values read together with a service's own. */
    public static WorkerSettings from(Settings values) {
        String instance = values.get(INSTANCE_ID);
        return new WorkerSettings(
                values.get(KAFKA_BOOTSTRAP),
                values.get(TOPIC_PREFIX),
                instance == null ? UUID.randomUUID().toString().substring(0, 8) : instance,
                hostName(),
                values.get(CONCURRENCY),
                Duration.ofMillis(values.get(HEARTBEAT_MS)),
                values.get(MAX_ATTEMPTS),
                Duration.ofMillis(200),
                Duration.ofSeconds(values.get(SHUTDOWN_GRACE_S)),
                Map.of(),
                new Supervision(values.get(SUPERVISOR_RESTARTS), values.get(SUPERVISOR_LAST_EXIT)));
    }

    public static WorkerSettings forCluster(String bootstrapServers, String topicPrefix, String instanceId) {
        return new WorkerSettings(bootstrapServers, topicPrefix, instanceId, hostName(), 64, Duration.ofSeconds(5), 3,
                Duration.ofMillis(200), Duration.ofSeconds(30), Map.of());
    }

    public WorkerSettings withHeartbeatInterval(Duration interval) {
        return new WorkerSettings(bootstrapServers, topicPrefix, instanceId, host, maxConcurrency, interval, maxAttempts,
                retryBackoff, shutdownGrace, kafkaOverrides, supervision);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
