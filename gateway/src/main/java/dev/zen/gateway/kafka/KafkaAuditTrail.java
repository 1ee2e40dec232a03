package dev.zen.gateway.kafka;

import dev.zen.gateway.core.AuditTrail;
import dev.zen.schemas.AuditEvent;
import dev.zen.schemas.RecordCodec;
import dev.zen.topics.KafkaClientDefaults;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit events to the audit topic, keyed by call id, with an idempotent producer. The call
 * path only puts the event's supplier on a bounded queue; one thread builds, encodes and sends,
 * so neither redaction nor a slow or absent broker ever delays a call. When the queue is full
 * (the broker has been away for a while) events are dropped and counted, and the count is logged:
 * audit is never a reason to refuse a call. {@link #close} writes what is queued before it returns.
 */
public final class KafkaAuditTrail implements AuditTrail, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAuditTrail.class);
    private static final int CAPACITY = 65_536;

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final RecordCodec codec;
    private final BlockingQueue<Supplier<AuditEvent>> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;
    private long reportedDrops;

    public KafkaAuditTrail(String bootstrap, String topic, RecordCodec codec, String instanceId) {
        Map<String, Object> config = KafkaClientDefaults.requestReplyProducer(bootstrap, "zen-gateway-audit-" + instanceId);
        // nobody waits for an audit record: batch them
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(config);
        this.topic = topic;
        this.codec = codec;
        this.writer = Thread.ofPlatform().daemon().name("zen-audit-writer").start(this::run);
    }

    @Override
    public void record(Supplier<AuditEvent> event) {
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /** Events dropped because the queue was full, since start. */
    public long dropped() {
        return dropped.get();
    }

    /** Events the broker refused or that could not be built, since start. */
    public long failed() {
        return failed.get();
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                Supplier<AuditEvent> next = queue.poll(200, TimeUnit.MILLISECONDS);
                if (next != null) {
                    write(next);
                }
                reportDrops();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                LOG.warn("An audit event could not be built or sent: {}", e.toString());
            }
        }
    }

    private void write(Supplier<AuditEvent> supplier) {
        AuditEvent event = supplier.get();
        producer.send(new ProducerRecord<>(topic, null, event.at(), event.callId(), codec.encode(event)), (metadata, error) -> {
            if (error != null) {
                failed.incrementAndGet();
                LOG.warn("Audit event {} ({} of call {}) was not written: {}", event.eventId(), event.type(), event.callId(), error.toString());
            }
        });
    }

    private void reportDrops() {
        long now = dropped.get();
        if (now != reportedDrops) {
            LOG.warn("{} audit events were dropped since start: the audit queue of {} was full (is the broker reachable?)", now, CAPACITY);
            reportedDrops = now;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
