package dev.zen.gateway;

import dev.zen.schemas.ApiKey;
import dev.zen.schemas.RecordCodec;
import dev.zen.testkit.SharedKafka;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.TopicProvisioner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** API keys for the gateway tests: written to the keys topic of a test's prefix, as {@code ./zen keys create} would. */
final class TestKeys {

    private TestKeys() {
    }

    /** Creates the keys topic of {@code prefix} if needed and writes the keys to it; returns when the broker has them. */
    static void publish(String prefix, ApiKey.Issued... keys) throws Exception {
        TopicCatalogue topics = TopicCatalogue.withPrefix(prefix);
        new TopicProvisioner(SharedKafka.admin(), Duration.ofSeconds(30)).provision(List.of(topics.fixed("keys")));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (ApiKey.Issued key : keys) {
                producer.send(new ProducerRecord<>(topics.keys(), key.record().id(), RecordCodec.shared().encode(key.record()))).get();
            }
        }
    }
}
