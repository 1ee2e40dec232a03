package dev.zen.worker.runtime;

import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ServiceAnnouncement;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces a worker instance on the compacted registry topic: the announcement on start, the same
 * record with a fresh {@code heartbeatAt} at every beat, and a tombstone when it stops cleanly.
 */
final class RegistryPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryPublisher.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final RecordCodec codec;
    private volatile ServiceAnnouncement current;

    RegistryPublisher(Producer<String, byte[]> producer, String topic, RecordCodec codec, ServiceAnnouncement announcement) {
        this.producer = producer;
        this.topic = topic;
        this.codec = codec;
        this.current = announcement;
    }

    void announce() throws Exception {
        producer.send(new ProducerRecord<>(topic, current.key(), codec.encode(current))).get(30, TimeUnit.SECONDS);
    }

    /** Never throws: a scheduled task that throws is cancelled silently, and the instance would look dead. */
    void heartbeat() {
        try {
            current = current.withHeartbeat(System.currentTimeMillis());
            producer.send(new ProducerRecord<>(topic, current.key(), codec.encode(current)), (metadata, error) -> {
                if (error != null) {
                    LOG.warn("Heartbeat of {} was not written: {}", current.key(), error.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Heartbeat of {} failed: {}", current.key(), e.toString());
        }
    }

    void tombstone() {
        try {
            producer.send(new ProducerRecord<>(topic, current.key(), null)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Tombstone of {} was not written; gateways will mark it unhealthy after missed heartbeats: {}",
                    current.key(), e.getMessage());
        }
    }
}
