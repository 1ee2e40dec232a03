package dev.zen.gateway.kafka;

import dev.zen.topics.KafkaClientDefaults;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Client configurations of the gateway: low latency first, because a caller waits on every record. */
final class GatewayKafkaClients {

    private GatewayKafkaClients() {
    }

    static Map<String, Object> producer(String bootstrap, String clientId) {
        Map<String, Object> config = KafkaClientDefaults.requestReplyProducer(bootstrap, clientId);
        // a caller waits on every send: when the cluster is unreachable, fail fast instead of blocking for a minute
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        return config;
    }

    /** A consumer without a group: the gateway assigns partitions itself and commits nothing. */
    static Map<String, Object> assignedConsumer(String bootstrap, String clientId) {
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
}
