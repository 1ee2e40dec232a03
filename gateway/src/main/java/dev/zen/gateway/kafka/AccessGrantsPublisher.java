package dev.zen.gateway.kafka;

import dev.zen.schemas.AccessGrants;
import dev.zen.schemas.RecordCodec;
import dev.zen.topics.TopicCatalogue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
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

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final RecordCodec codec;

    public AccessGrantsPublisher(Producer<String, byte[]> producer, TopicCatalogue topics, RecordCodec codec) {
        this.producer = producer;
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
        producer.flush(); // the producer is the gateway's one, closed after every user of it
    }
}
