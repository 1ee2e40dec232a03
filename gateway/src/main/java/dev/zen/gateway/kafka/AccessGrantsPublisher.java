package dev.zen.gateway.kafka;

import dev.zen.schemas.AccessGrants;
import dev.zen.schemas.RecordCodec;
import dev.zen.topics.TopicCatalogue;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the access policy in force to the compacted access topic (one key), where every worker reads
 * it to refuse commands the policy does not allow. Called at start and on every policy reload.
 */
public final class AccessGrantsPublisher implements AutoCloseable {

    static final String KEY = "grants";
    private static final Logger LOG = LoggerFactory.getLogger(AccessGrantsPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final RecordCodec codec;

    public AccessGrantsPublisher(String bootstrap, TopicCatalogue topics, RecordCodec codec, String instanceId) {
        this.producer = new KafkaProducer<>(GatewayKafkaClients.producer(bootstrap, "zen-gateway-access-" + instanceId));
        this.topic = topics.access();
        this.codec = codec;
    }

    /** Publishes the grants and waits for the broker's acknowledgement (a few seconds at most). */
    public void publish(AccessGrants grants) {
        try {
            producer.send(new ProducerRecord<>(topic, KEY, codec.encode(grants))).get(10, TimeUnit.SECONDS);
            LOG.info("Published the access policy ({}) to {} for the workers", grants.enforced() ? "roles " + grants.roles().keySet()
                    : "none: everything allowed", topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("Could not publish the access policy to {}; workers keep the previous one: {}", topic, e.toString());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
