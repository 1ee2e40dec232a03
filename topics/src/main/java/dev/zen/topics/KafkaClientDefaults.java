package dev.zen.topics;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
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
}
