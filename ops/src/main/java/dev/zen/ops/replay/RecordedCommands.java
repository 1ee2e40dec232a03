package dev.zen.ops.replay;

import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolCommand;
import dev.zen.topics.KafkaClientDefaults;
import dev.zen.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Finds the original commands of recorded calls on their tools' topics, where the gateway wrote them
 * keyed by call id (so the partition follows from the key) at about the {@code accepted} time. The
 * audit keeps arguments redacted; only these records hold them whole, and only for the tool topic's
 * retention (a day by default). Per partition, one read from {@code offsetsForTimes(first − 5 s)} to
 * the last call's time plus a minute, or the end. Not thread safe.
 */
final class RecordedCommands {

    private static final long BEFORE_MS = 5_000;
    private static final long AFTER_MS = 60_000;

    private RecordedCommands() {
    }

    /** The commands found, by call id; calls whose command is gone (retention) are absent. */
    static Map<String, ToolCommand> find(String bootstrap, TopicCatalogue topics, List<RecordedCall> calls) {
        Map<String, ToolCommand> found = new HashMap<>();
        if (calls.isEmpty()) {
            return found;
        }
        RecordCodec codec = RecordCodec.shared();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaClientDefaults.assignedConsumer(bootstrap, "zen-replay-commands"))) {
            Map<TopicPartition, List<RecordedCall>> byPartition = new HashMap<>();
            for (RecordedCall call : calls) {
                String topic = topics.tool(call.tool());
                var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (partitions == null || partitions.isEmpty()) {
                    continue;
                }
                int partition = Utils.toPositive(Utils.murmur2(call.callId().getBytes(StandardCharsets.UTF_8))) % partitions.size();
                byPartition.computeIfAbsent(new TopicPartition(topic, partition), p -> new java.util.ArrayList<>()).add(call);
            }
            for (var entry : byPartition.entrySet()) {
                TopicPartition partition = entry.getKey();
                java.util.Set<String> wanted = new java.util.HashSet<>(entry.getValue().stream().map(RecordedCall::callId).toList());
                long first = entry.getValue().stream().mapToLong(RecordedCall::acceptedAt).min().orElseThrow();
                long last = entry.getValue().stream().mapToLong(RecordedCall::acceptedAt).max().orElseThrow();
                consumer.assign(List.of(partition));
                long end = consumer.endOffsets(List.of(partition)).get(partition);
                OffsetAndTimestamp start = consumer.offsetsForTimes(Map.of(partition, Math.max(0, first - BEFORE_MS))).get(partition);
                if (start == null) {
                    continue; // nothing that recent is left
                }
                consumer.seek(partition, start.offset());
                boolean done = false;
                while (!done && consumer.position(partition) < end && !wanted.isEmpty()) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.offset() >= end || record.timestamp() > last + AFTER_MS) {
                            done = true;
                            break;
                        }
                        if (record.key() != null && wanted.remove(record.key())) {
                            try {
                                found.put(record.key(), codec.decode(record.value(), ToolCommand.class));
                            } catch (RuntimeException e) {
                                // unreadable: reported as not found
                            }
                        }
                    }
                }
            }
        }
        return found;
    }
}
