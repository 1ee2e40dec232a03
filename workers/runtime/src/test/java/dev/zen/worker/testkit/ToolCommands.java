package dev.zen.worker.testkit;

import static org.awaitility.Awaitility.await;

import dev.zen.schemas.CallMode;
import dev.zen.schemas.Principal;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.SchemaId;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolReply;
import dev.zen.testkit.SharedKafka;
import dev.zen.topics.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;

/**
 * Talks to workers the way a gateway does, on the shared broker and one topic prefix: writes
 * asynchronous commands to their tool topics and reads their replies from the results topic. For
 * tests of workers without a gateway (fault tests with worker processes, what lands on Kafka).
 */
public final class ToolCommands implements AutoCloseable {

    private final RecordCodec codec = RecordCodec.shared();
    private final TopicCatalogue topics;
    private final KafkaProducer<String, byte[]> producer;

    public ToolCommands(String prefix) {
        this.topics = TopicCatalogue.withPrefix(prefix);
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    }

    /** An asynchronous command (its reply goes to the results topic) with three minutes to run. */
    public static ToolCommand async(String tool, JsonNode arguments, Principal principal) {
        return new ToolCommand(null, UUID.randomUUID().toString(), tool, arguments, principal, CallMode.ASYNC,
                System.currentTimeMillis() + 180_000, null, null, null, 1, null, null, System.currentTimeMillis(), null);
    }

    /** Writes the command to its tool topic, keyed by call id. */
    public void send(ToolCommand command) throws Exception {
        producer.send(new ProducerRecord<>(topics.tool(command.tool()), command.callId(), codec.encode(command))).get();
    }

    /**
     * Writes the command to partition 0 of its tool topic: calls sent this way follow each other, so a
     * worker taking the partition over reads the call ledger from where the previous commit says.
     */
    public void sendToFirstPartition(ToolCommand command) throws Exception {
        producer.send(new ProducerRecord<>(topics.tool(command.tool()), 0, command.callId(), codec.encode(command))).get();
    }

    /** The first reply to {@code callId} on the results topic, read from the start. */
    public ToolReply awaitResult(String callId, Duration within) {
        List<ToolReply> replies = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.results()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(within).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (callId.equals(record.key()) && record.value() != null && SchemaId.TOOL_REPLY.name()
                            .equals(codec.tree(record.value()).path("schema").path("name").asString())) {
                        replies.add(codec.decode(record.value(), ToolReply.class));
                    }
                }
                return !replies.isEmpty();
            });
        }
        return replies.getFirst();
    }

    /** Waits until {@code group} is stable with {@code members} members, each assigned partitions. */
    public static void awaitStableGroup(String group, int members) {
        try (Admin admin = SharedKafka.admin()) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                return description.groupState() == GroupState.STABLE && description.members().size() == members
                        && description.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            });
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
