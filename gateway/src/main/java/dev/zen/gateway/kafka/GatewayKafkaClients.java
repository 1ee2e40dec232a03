package dev.zen.gateway.kafka;

import dev.zen.topics.KafkaClientDefaults;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Client configurations of the gateway: low latency first, because a caller waits on every record. */
public final class GatewayKafkaClients {

    private GatewayKafkaClients() {
    }

    public static Map<String, Object> producer(String bootstrap, String clientId) {
        Map<String, Object> config = KafkaClientDefaults.requestReplyProducer(bootstrap, clientId);
        // a caller waits on every send: when the cluster is unreachable, fail fast instead of blocking for a minute
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        return config;
    }
}
