package dev.zen.worker.runtime;

import dev.zen.schemas.CallLedgerEntry;
import dev.zen.schemas.RecordCodec;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the call ledger when the worker is assigned command partitions, before it takes any of their
 * commands: for each, from the position in its commit metadata to the ledger's end, keeping the
 * entries of commands at or after the committed offset. Then the worker knows which of the commands
 * it may be handed again a predecessor started or answered. Runs on the poll thread; not thread safe.
 */
final class CallLedgerReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallLedgerReader.class);

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final CallLedger ledger;
    private final RecordCodec codec;
    private final Duration timeout;

    CallLedgerReader(Consumer<String, byte[]> consumer, String topic, CallLedger ledger, RecordCodec codec, Duration timeout) {
        this.consumer = consumer;
        this.topic = topic;
        this.ledger = ledger;
        this.codec = codec;
        this.timeout = timeout;
    }

    /**
     * @param committed the committed offset and metadata of each assigned command partition (absent: none yet)
     * @param ends      each assigned command partition's end offset now: a predecessor handled no command at or after it
     */
    void catchUp(Collection<TopicPartition> assigned, Map<TopicPartition, OffsetAndMetadata> committed, Map<TopicPartition, Long> ends) {
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> from = new HashMap<>();
        Map<TopicPartition, Long> keepFrom = new HashMap<>();
        Set<TopicPartition> ledgerPartitions = new java.util.HashSet<>();
        for (TopicPartition command : assigned) {
            TopicPartition ledgerPartition = new TopicPartition(topic, ledger.ledgerPartition(command.partition()));
            ledgerPartitions.add(ledgerPartition);
            OffsetAndMetadata position = committed.get(command);
            long next = position == null ? 0 : position.offset();
            long end = ends.getOrDefault(command, Long.MAX_VALUE);
            if (next >= end) {
                continue; // every command of the partition was answered and committed: nothing can come again
            }
            long start = position == null ? 0 : CallLedger.positionIn(position.metadata());
            keepFrom.put(command, next);
            from.merge(ledgerPartition, start, Math::min);
            ledger.inherit(command, start, end);
        }
        long began = System.currentTimeMillis();
        Map<TopicPartition, Long> until = consumer.endOffsets(ledgerPartitions);
        // the ledger's end as of now: what this worker writes from here on lies after it
        until.forEach((partition, end) -> ledger.reached(partition.partition(), end));
        if (from.isEmpty()) {
            return;
        }
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
        until = new HashMap<>(until);
        until.keySet().retainAll(from.keySet());
        int read = 0;
        int kept = 0;
        long deadline = began + timeout.toMillis();
        while (!caughtUp(until)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Expected to read the call ledger " + topic + " up to " + until + " within " + timeout
                        + ", but it was not read; without it a redelivered command could run twice");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                read++;
                if (record.value() == null) {
                    continue;
                }
                CallLedgerEntry entry;
                try {
                    entry = codec.decode(record.value(), CallLedgerEntry.class);
                } catch (RuntimeException e) {
                    LOG.warn("Unreadable call ledger entry at {}/{}@{} skipped: {}", record.topic(), record.partition(), record.offset(),
                            e.getMessage());
                    continue;
                }
                Long keep = keepFrom.get(new TopicPartition(entry.commandTopic(), entry.commandPartition()));
                if (keep != null && entry.commandOffset() >= keep) {
                    ledger.remember(entry);
                    kept++;
                }
            }
        }
        consumer.assign(Set.of());
        LOG.info("Read {} call ledger entries of {} in {} ms, {} about commands that may come again ({})", read, topic,
                System.currentTimeMillis() - began, kept,
                from.entrySet().stream().map(e -> e.getKey().partition() + "@" + e.getValue()).collect(Collectors.joining(",")));
    }

    private boolean caughtUp(Map<TopicPartition, Long> until) {
        for (Map.Entry<TopicPartition, Long> end : until.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
