package dev.zen.ops.replay;

import dev.zen.schemas.AuditEventFields;
import dev.zen.schemas.RecordDecodingException;
import dev.zen.topics.KafkaClientDefaults;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the audit topic over a {@link TimeWindow} without a consumer group (nothing is committed; any
 * number of analysts read at once): every partition is assigned, positioned with
 * {@code offsetsForTimes} or an offset, and read to the end offsets taken at start, or further with
 * {@code follow}. Records after the window's end are skipped; a partition is done at its first one.
 * Events that cannot be decoded are counted, not fatal. Not thread safe; one reader per read.
 */
final class AuditReader implements AutoCloseable {

    /** What a read saw. */
    record Totals(long read, long undecodable, long planned) {
    }

    /** Hears each event of the window: the fields filters need, and the record's bytes to decode whole if it matches. */
    @FunctionalInterface
    interface Sink {
        void accept(AuditEventFields fields, byte[] value);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;

    AuditReader(String bootstrap, String topic) {
        Map<String, Object> config = KafkaClientDefaults.assignedConsumer(bootstrap, "zen-replay");
        // large fetches: the reader is throughput bound
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20_000);
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        config.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, 4 * 1024 * 1024);
        // the key is the call id, which the event holds too: do not decode it
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(config);
        this.topic = topic;
    }

    /**
     * Reads the window, handing each event's {@link AuditEventFields} (read without decoding it whole)
     * and bytes to {@code sink} in partition order.
     *
     * @param planned hears the number of records the read will cover (for a progress bar), once, before the first event
     * @param progress hears the number of records read so far, after each poll
     * @param stop asked after each poll: true ends the read (Ctrl-C, a limit reached)
     */
    Totals read(TimeWindow window, boolean follow, Sink sink, LongConsumer planned, LongConsumer progress,
            BooleanSupplier stop) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("Expected the audit topic " + topic + " to exist, but the cluster has no such topic");
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
        Map<TopicPartition, Long> start = new HashMap<>();
        if (window.from() != null) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, window.from().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            partitions.forEach(p -> start.put(p, found.get(p) == null ? end.get(p) : found.get(p).offset()));
        } else if (window.fromOffset() != null) {
            partitions.forEach(p -> start.put(p, Math.min(Math.max(window.fromOffset(), begin.get(p)), end.get(p))));
        } else {
            start.putAll(begin);
        }
        if (window.to() != null) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, window.to().toEpochMilli() + 1));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            partitions.forEach(p -> {
                if (found.get(p) != null) {
                    end.put(p, Math.max(start.get(p), found.get(p).offset()));
                }
            });
        }
        start.forEach(consumer::seek);
        long total = 0;
        for (TopicPartition p : partitions) {
            total += Math.max(0, end.get(p) - start.get(p));
        }
        planned.accept(total);
        long toMillis = window.to() == null ? Long.MAX_VALUE : window.to().toEpochMilli();
        java.util.Set<TopicPartition> open = new java.util.HashSet<>(partitions);
        if (!follow) {
            open.removeIf(p -> start.get(p) >= end.get(p));
            consumer.pause(partitions.stream().filter(p -> !open.contains(p)).toList());
        }
        long read = 0;
        long undecodable = 0;
        while ((follow || !open.isEmpty()) && !stop.getAsBoolean()) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
            for (TopicPartition p : records.partitions()) {
                for (ConsumerRecord<byte[], byte[]> record : records.records(p)) {
                    if (!follow && record.offset() >= end.get(p)) {
                        break;
                    }
                    if (record.timestamp() > toMillis) {
                        continue;
                    }
                    read++;
                    AuditEventFields fields;
                    try {
                        fields = AuditEventFields.read(record.value());
                    } catch (RecordDecodingException e) {
                        undecodable++;
                        continue;
                    }
                    if (fields.at() <= toMillis) {
                        sink.accept(fields, record.value());
                    }
                }
                if (!follow && consumer.position(p) >= end.get(p)) {
                    open.remove(p);
                    consumer.pause(List.of(p));
                }
            }
            progress.accept(read);
        }
        return new Totals(read, undecodable, total);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
