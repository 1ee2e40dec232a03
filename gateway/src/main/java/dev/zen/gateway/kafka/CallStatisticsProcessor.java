package dev.zen.gateway.kafka;

import dev.zen.gateway.core.CallStatistics;
import dev.zen.schemas.AuditEventFields;
import dev.zen.schemas.RecordDecodingException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Adds each audit event that ends or refuses a call into its tool's bucket of {@code bucket} length
 * (tumbling, aligned to the epoch) in a window store. Event time is the event's {@code at}. An event
 * whose bucket ended more than {@code grace} before the latest event time this task has seen is late
 * and only counted; undecodable records are counted and skipped. One instance per stream task.
 */
final class CallStatisticsProcessor implements Processor<String, byte[], Void, Void> {

    private final String storeName;
    private final long bucketMs;
    private final long graceMs;
    private final AtomicLong late;
    private final AtomicLong undecodable;
    private WindowStore<String, CallStatistics> store;
    private long streamTime = Long.MIN_VALUE;

    CallStatisticsProcessor(String storeName, Duration bucket, Duration grace, AtomicLong late, AtomicLong undecodable) {
        this.storeName = storeName;
        this.bucketMs = bucket.toMillis();
        this.graceMs = grace.toMillis();
        this.late = late;
        this.undecodable = undecodable;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        AuditEventFields event;
        try {
            event = AuditEventFields.read(record.value());
        } catch (RecordDecodingException e) {
            undecodable.incrementAndGet();
            return;
        }
        if (!event.ended() && !event.refused()) {
            return;
        }
        long at = event.at() > 0 ? event.at() : record.timestamp();
        streamTime = Math.max(streamTime, at);
        long bucket = at - Math.floorMod(at, bucketMs);
        if (bucket + bucketMs + graceMs <= streamTime) {
            late.incrementAndGet();
            return;
        }
        String tool = event.tool() == null ? "-" : event.tool();
        CallStatistics stats = store.fetch(tool, bucket);
        store.put(tool, (stats == null ? new CallStatistics() : stats).record(event), bucket);
    }
}
