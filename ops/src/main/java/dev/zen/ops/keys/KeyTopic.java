package dev.zen.ops.keys;

import dev.zen.schemas.ApiKey;
import dev.zen.schemas.RecordCodec;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.TopicProvisioner;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The compacted keys topic as the CLI sees it: read whole, or one record written and acknowledged. */
public final class KeyTopic {

    private final String bootstrap;
    private final TopicCatalogue topics;
    private final RecordCodec codec = RecordCodec.shared();

    public KeyTopic(String bootstrap, String prefix) {
        this.bootstrap = bootstrap;
        this.topics = TopicCatalogue.withPrefix(prefix);
    }

    String name() {
        return topics.keys();
    }

    /** Creates the keys topic when the cluster has none yet (a first {@code keys create} before any gateway ran). */
    public void provision() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            new TopicProvisioner(admin, Duration.ofSeconds(15)).provision(List.of(topics.fixed("keys")));
        }
    }

    /** Every key on the topic, latest record per id, in the order they were first written. */
    public Map<String, ApiKey> readAll() {
        Map<String, ApiKey> keys = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            List<TopicPartition> partitions = consumer.partitionsFor(name(), Duration.ofSeconds(15)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Expected to read " + name() + " to its end within 30 s, but could not");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        keys.remove(record.key());
                    } else {
                        ApiKey key = codec.decode(record.value(), ApiKey.class);
                        keys.put(key.id(), key);
                    }
                }
            }
        }
        return keys;
    }

    public void write(ApiKey key) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000))) {
            producer.send(new ProducerRecord<>(name(), key.id(), codec.encode(key))).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing the key", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Expected " + bootstrap + " to store the key on " + name() + ", but " + e.getMessage(), e);
        }
    }
}
