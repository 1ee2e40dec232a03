package dev.zen.worker.runtime;

import dev.zen.topics.KafkaClientDefaults;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Client configurations of a worker: tuned for request-reply latency and at-least-once delivery. */
final class KafkaClients {

    private KafkaClients() {
    }

    static Map<String, Object> producer(WorkerSettings settings) {
        Map<String, Object> config = KafkaClientDefaults.requestReplyProducer(settings.bootstrapServers(),
                "zen-worker-" + settings.instanceId());
        config.putAll(settings.kafkaOverrides());
        return config;
    }

    static Map<String, Object> consumer(WorkerSettings settings, String groupId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "zen-worker-" + settings.instanceId());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // commands queued before the first worker of a group started are still served (expired ones answered timeout)
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxConcurrency());
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        config.putAll(settings.kafkaOverrides());
        return config;
    }
}
