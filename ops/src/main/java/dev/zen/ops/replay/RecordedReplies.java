package dev.zen.ops.replay;

import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolReply;
import dev.zen.topics.KafkaClientDefaults;
import dev.zen.topics.ZenHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Finds the replies workers wrote to recorded calls, for the diff of {@code --reexecute}: sync replies
 * on the gateways' reply topic (kept minutes), async results on the results topic (kept days). Every
 * partition is read from {@code offsetsForTimes(first call)} to {@code last call + within}, or its end.
 * A reply that is gone leaves only the audit's result hash to compare with. Not thread safe.
 */
final class RecordedReplies {

    private RecordedReplies() {
    }

    static Map<String, ToolReply> find(String bootstrap, List<String> replyTopics, Set<String> callIds, long first, long last, Duration within) {
        Map<String, ToolReply> found = new HashMap<>();
        if (callIds.isEmpty()) {
            return found;
        }
        Set<String> wanted = new HashSet<>(callIds);
        RecordCodec codec = RecordCodec.shared();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaClientDefaults.assignedConsumer(bootstrap, "zen-replay-replies"))) {
            for (String topic : replyTopics) {
                var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null) {
                    continue;
                }
                for (var info : infos) {
                    TopicPartition partition = new TopicPartition(topic, info.partition());
                    consumer.assign(List.of(partition));
                    long end = consumer.endOffsets(List.of(partition)).get(partition);
                    OffsetAndTimestamp start = consumer.offsetsForTimes(Map.of(partition, first)).get(partition);
                    if (start == null) {
                        continue;
                    }
                    consumer.seek(partition, start.offset());
                    boolean done = false;
                    while (!done && !wanted.isEmpty() && consumer.position(partition) < end) {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                            if (record.offset() >= end || record.timestamp() > last + within.toMillis()) {
                                done = true;
                                break;
                            }
                            Header kind = record.headers().lastHeader(ZenHeaders.RECORD);
                            boolean reply = kind == null || ZenHeaders.RECORD_REPLY.equals(new String(kind.value(), StandardCharsets.UTF_8));
                            if (reply && record.key() != null && wanted.contains(record.key())) {
                                try {
                                    found.put(record.key(), codec.decode(record.value(), ToolReply.class));
                                    wanted.remove(record.key());
                                } catch (RuntimeException e) {
                                    // not a reply after all: keep looking
                                }
                            }
                        }
                    }
                }
            }
        }
        return found;
    }
}
