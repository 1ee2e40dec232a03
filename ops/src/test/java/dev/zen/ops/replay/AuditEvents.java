package dev.zen.ops.replay;

import dev.zen.schemas.AuditEvent;
import dev.zen.schemas.Principal;
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

/** Writes audit events to a test prefix's audit topic, each with its event time as the record timestamp, as the gateway does. */
final class AuditEvents implements AutoCloseable {

    final String prefix;
    final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final RecordCodec codec = RecordCodec.shared();
    private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();

    AuditEvents(String prefix) {
        this.prefix = prefix;
        TopicCatalogue topics = TopicCatalogue.withPrefix(prefix);
        this.topic = topics.audit();
        new TopicProvisioner(SharedKafka.admin(), Duration.ofSeconds(30)).provision(List.of(topics.fixed("audit")));
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.BATCH_SIZE_CONFIG, 65_536, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                // a busy machine (the whole suite on 2 cores, one in-JVM broker) must slow the writes down, not lose them: one
                // request in flight per partition (several in flight ran into endless OUT_OF_ORDER_SEQUENCE_NUMBER retries there)
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 60_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    static AuditEvent event(String type, String callId, String tool, String subject, String outcome, Long durationMs, long at) {
        return AuditEvent.builder(type, "gateway:test", at).callId(callId).tool(tool).service("svc")
                .principal(new Principal(subject, List.of("user"), null)).outcome(outcome).durationMs(durationMs).build();
    }

    void write(AuditEvent event) {
        producer.send(new ProducerRecord<>(topic, null, event.at(), event.callId(), codec.encode(event)), (metadata, error) -> {
            if (error == null) {
                written.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
        });
    }

    /** How many events the broker acknowledged, and how many it did not (after {@link #flush}). */
    long written() {
        return written.get();
    }

    long failed() {
        return failed.get();
    }

    void write(List<AuditEvent> events) {
        events.forEach(this::write);
        producer.flush();
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
