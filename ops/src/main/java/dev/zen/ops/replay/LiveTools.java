package dev.zen.ops.replay;

import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ServiceAnnouncement;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.topics.KafkaClientDefaults;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The tools today's workers announce, read once from the compacted registry topic: an announcement
 * counts while its heartbeat is younger than three intervals (as the gateway judges health). Tells
 * {@code --reexecute} whether a tool is live and whether it declares {@code readOnlyHint}. Immutable.
 */
final class LiveTools {

    private final Map<String, ToolDescriptor> tools;

    private LiveTools(Map<String, ToolDescriptor> tools) {
        this.tools = Map.copyOf(tools);
    }

    static LiveTools read(String bootstrap, String registryTopic, long now) {
        Map<String, ServiceAnnouncement> instances = new HashMap<>();
        RecordCodec codec = RecordCodec.shared();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaClientDefaults.assignedConsumer(bootstrap, "zen-replay-registry"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(registryTopic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(registryTopic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        instances.remove(record.key());
                        continue;
                    }
                    try {
                        instances.put(record.key(), codec.decode(record.value(), ServiceAnnouncement.class));
                    } catch (RuntimeException e) {
                        // a record this reader cannot read announces nothing it can use
                    }
                }
            }
        }
        Map<String, ToolDescriptor> live = new HashMap<>();
        instances.values().stream()
                .filter(a -> a.heartbeatAt() + 3 * Math.max(1_000, a.heartbeatIntervalMs()) >= now)
                .forEach(a -> a.tools().forEach(t -> live.put(t.name(), t)));
        return new LiveTools(live);
    }

    Optional<ToolDescriptor> tool(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /** Whether the tool declares itself read-only ({@code annotations.readOnlyHint: true}); false when it says nothing. */
    static boolean readOnly(ToolDescriptor tool) {
        return tool.annotations() != null && Boolean.TRUE.equals(tool.annotations().readOnlyHint());
    }
}
