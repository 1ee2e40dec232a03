package dev.zen.worker.runtime;

import java.net.InetAddress;
import java.time.Duration;
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
        Map<String, String> kafkaOverrides) {

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
    }

    /**
     * Reads {@code ZEN_KAFKA_BOOTSTRAP} (default {@code 127.0.0.1:9092}), {@code ZEN_TOPIC_PREFIX}
     * ({@code zen.}), {@code ZEN_INSTANCE_ID} (random), {@code ZEN_WORKER_CONCURRENCY} (64),
     * {@code ZEN_HEARTBEAT_MS} (5000), {@code ZEN_WORKER_MAX_ATTEMPTS} (3).
     */
    public static WorkerSettings fromEnv(Map<String, String> env) {
        return new WorkerSettings(
                env.getOrDefault("ZEN_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
                env.getOrDefault("ZEN_TOPIC_PREFIX", "zen."),
                env.getOrDefault("ZEN_INSTANCE_ID", UUID.randomUUID().toString().substring(0, 8)),
                hostName(),
                intOf(env, "ZEN_WORKER_CONCURRENCY", 64),
                Duration.ofMillis(intOf(env, "ZEN_HEARTBEAT_MS", 5000)),
                intOf(env, "ZEN_WORKER_MAX_ATTEMPTS", 3),
                Duration.ofMillis(200),
                Duration.ofSeconds(intOf(env, "ZEN_SHUTDOWN_GRACE_S", 30)),
                Map.of());
    }

    public static WorkerSettings forCluster(String bootstrapServers, String topicPrefix, String instanceId) {
        return new WorkerSettings(bootstrapServers, topicPrefix, instanceId, hostName(), 64, Duration.ofSeconds(5), 3,
                Duration.ofMillis(200), Duration.ofSeconds(30), Map.of());
    }

    public WorkerSettings withHeartbeatInterval(Duration interval) {
        return new WorkerSettings(bootstrapServers, topicPrefix, instanceId, host, maxConcurrency, interval, maxAttempts,
                retryBackoff, shutdownGrace, kafkaOverrides);
    }

    private static int intOf(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Expected " + name + " to be an integer, but was '" + value + "'", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
