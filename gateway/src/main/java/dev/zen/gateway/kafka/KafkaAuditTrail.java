package dev.zen.gateway.kafka;

import dev.zen.gateway.core.AuditTrail;
import dev.zen.schemas.AuditEvent;
import dev.zen.schemas.RecordCodec;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit events to the audit topic, keyed by call id, with the gateway's idempotent producer.
 * The call path only puts the event's supplier on a bounded queue; one thread builds, encodes and
 * sends what has queued, in bursts (so the producer batches them), and neither redaction nor a slow or
 * absent broker ever delays a call. When the queue is full
 * (the broker has been away for a while) events are dropped and counted, and the count is logged:
 * audit is never a reason to refuse a call. {@link #close} writes what is queued before it returns.
 */
public final class KafkaAuditTrail implements AuditTrail, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAuditTrail.class);
    private static final int CAPACITY = 65_536;
    private static final int BATCH = 512;

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final RecordCodec codec;
    private final BlockingQueue<Supplier<AuditEvent>> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;
    private long reportedDrops;

    /** @param producer the gateway's producer (not closed here) */
    public KafkaAuditTrail(Producer<String, byte[]> producer, String topic, RecordCodec codec) {
        this.producer = producer;
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
        java.util.List<Supplier<AuditEvent>> batch = new java.util.ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Supplier<AuditEvent> next = queue.poll(200, TimeUnit.MILLISECONDS);
                if (next != null) {
                    // what queued meanwhile goes out together: the producer puts it in few batches
                    batch.add(next);
                    queue.drainTo(batch, BATCH - 1);
                    for (Supplier<AuditEvent> event : batch) {
                        writeOne(event);
                    }
                    batch.clear();
                }
                reportDrops();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                batch.clear();
                failed.incrementAndGet();
                LOG.warn("An audit event could not be built or sent: {}", e.toString());
            }
        }
    }

    private void writeOne(Supplier<AuditEvent> supplier) {
        try {
            write(supplier);
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.warn("An audit event could not be built or sent: {}", e.toString());
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
        producer.flush(); // the producer is the gateway's one, closed after every user of it
    }
}
