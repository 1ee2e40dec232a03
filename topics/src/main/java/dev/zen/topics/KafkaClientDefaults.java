package dev.zen.topics;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Client settings every Zen process shares, in one place. Records are keyed by a string (call id,
 * registry key) and carry JSON bytes.
 */
public final class KafkaClientDefaults {

    private KafkaClientDefaults() {
    }

    /**
     * A producer for records someone waits for: idempotent, {@code acks=all}, and {@code linger.ms=0}
     * (Kafka 4 lingers 5 ms by default, which a synchronous call would pay on every hop).
     */
    public static Map<String, Object> requestReplyProducer(String bootstrap, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return config;
    }

    /**
     * A consumer without a group, for an {@link AssignedTopicReader}: it assigns itself every partition
     * of a topic (replies, answers, events, the registry) and commits nothing.
     */
    public static Map<String, Object> assignedConsumer(String bootstrap, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        return config;
    }

    /**
     * A member of a consumer group that commits its offsets itself and starts a new group at the
     * beginning: the job tracker and the callback dispatcher, which must not skip what was written
     * before they first ran.
     */
    public static Map<String, Object> groupConsumer(String bootstrap, String clientId, String groupId) {
        Map<String, Object> config = assignedConsumer(bootstrap, clientId);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    /** Sends a record; the future completes when the broker has it, or exceptionally (also when the send cannot start). */
    public static <K, V> java.util.concurrent.CompletableFuture<Void> acked(org.apache.kafka.clients.producer.Producer<K, V> producer,
            org.apache.kafka.clients.producer.ProducerRecord<K, V> record) {
        java.util.concurrent.CompletableFuture<Void> acked = new java.util.concurrent.CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    acked.completeExceptionally(error);
                } else {
                    acked.complete(null);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e); // e.g. no metadata within max.block.ms: the cluster is down
        }
        return acked;
    }

    /**
     * Stops a consumer's poll loop (whose flag the caller has already cleared): wakes the consumer
     * out of its poll and waits up to 5 s for the loop's thread, which closes the consumer.
     */
    public static void wakeAndJoin(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, Thread loop) {
        consumer.wakeup();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
