package dev.zen.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zen.schemas.CallLedgerEntry;
import dev.zen.schemas.CallMode;
import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.ErrorCode;
import dev.zen.schemas.Principal;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ReplyTo;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.schemas.ToolOutcome;
import dev.zen.schemas.ToolReply;
import dev.zen.schemas.WorkerRef;
import dev.zen.testkit.SharedKafka;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.TopicProvisioner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The redelivery rules of DESIGN.md "Delivery semantics" against a real broker: a command that comes
 * again is answered from its reply, refused as interrupted, or run again, as its tool's annotations
 * and the call ledger say.
 */
class DeliveryRulesIT {

    private static final String SERVICE = "ledgered";

    private final RecordCodec codec = RecordCodec.shared();
    /** How often each call's handler ran. */
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final List<WorkerRuntime> runtimes = new ArrayList<>();
    private TopicCatalogue topics;
    private String prefix;
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void setUp() {
        prefix = SharedKafka.uniquePrefix("dl");
        topics = TopicCatalogue.withPrefix(prefix);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        runtimes.forEach(WorkerRuntime::stop);
        producer.close();
    }

    private ServiceDefinition service() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        ToolHandler counting = call -> {
            int run = runs.computeIfAbsent(call.callId(), id -> new AtomicInteger()).incrementAndGet();
            return CallToolResult.text(call.tool() + " run " + run);
        };
        return new ServiceDefinition(SERVICE, "1.0", List.of(
                new ToolDefinition(new ToolDescriptor("charge", null, "charges a card: not idempotent", schema, null,
                        ToolAnnotations.writing("Charge", false, false), null), counting),
                new ToolDefinition(new ToolDescriptor("set_flag", null, "sets a flag: idempotent", schema, null,
                        ToolAnnotations.writing("Set flag", false, true), null), counting)));
    }

    private WorkerRuntime startWorker(String instance) throws InterruptedException {
        WorkerRuntime runtime = new WorkerRuntime(service(), WorkerSettings.forCluster(SharedKafka.bootstrapServers(), prefix, instance)
                .withHeartbeatInterval(Duration.ofMillis(500))).start();
        runtimes.add(runtime);
        assertThat(runtime.awaitAssignment(Duration.ofSeconds(30))).isTrue();
        return runtime;
    }

    private ToolCommand command(String tool) {
        return new ToolCommand(null, UUID.randomUUID().toString(), tool, JsonNodeFactory.instance.objectNode(),
                new Principal("alice", List.of("r"), null), CallMode.SYNC, System.currentTimeMillis() + 60_000,
                new ReplyTo(topics.replies(), 0), null, null, 1, null, null, System.currentTimeMillis(), null);
    }

    /** The topics a worker would create, for commands sent before any worker of the service ran. */
    private void provision() {
        List<dev.zen.topics.TopicSpec> specs = new ArrayList<>(topics.fixedTopics());
        specs.addAll(topics.toolTopics(List.of("charge", "set_flag")));
        specs.add(topics.ledgerSpec(SERVICE));
        new TopicProvisioner(SharedKafka.admin(), Duration.ofSeconds(30)).provision(specs);
    }

    private RecordMetadata send(ToolCommand command) throws Exception {
        return producer.send(new ProducerRecord<>(topics.tool(command.tool()), 0, command.callId(), codec.encode(command))).get();
    }

    /** Every reply to the call on the replies topic, once there are {@code count} of them. */
    private List<ToolReply> awaitReplies(String callId, int count) {
        List<ToolReply> replies = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topics.replies(), 0)));
            consumer.seekToBeginning(consumer.assignment());
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (callId.equals(record.key()) && record.value() != null
                            && codec.tree(record.value()).path("schema").path("name").asString().equals("zen.tool-reply")) {
                        replies.add(codec.decode(record.value(), ToolReply.class));
                    }
                }
                return replies.size() >= count;
            });
        }
        return replies;
    }

    /** What a worker that took the command, marked it started and then died leaves on the ledger. */
    private void leaveStartedMark(ToolCommand command, RecordMetadata taken) throws Exception {
        CallLedgerEntry started = CallLedgerEntry.started(command, taken.topic(), taken.partition(), taken.offset(),
                new WorkerRef(SERVICE, "died", "1.0"), System.currentTimeMillis());
        new CallLedgerPublisher(producer, topics.ledger(SERVICE), new CallLedger(topics.ledgerSpec(SERVICE).partitions()), codec)
                .write(started).get();
    }

    private String groupId() {
        return prefix + "worker." + SERVICE;
    }

    @Test
    void shouldAnswerARedeliveredCommandFromItsReplyWithoutRunningItAgain() throws Exception {
        WorkerRuntime first = startWorker("w1");
        ToolCommand charge = command("charge");
        RecordMetadata taken = send(charge);
        ToolReply original = awaitReplies(charge.callId(), 1).getFirst();
        first.stop();
        // Kafka hands the same record to the group again: its offset moves back to it
        SharedKafka.admin().alterConsumerGroupOffsets(groupId(),
                Map.of(new TopicPartition(taken.topic(), taken.partition()), new OffsetAndMetadata(taken.offset()))).all().get();

        startWorker("w2");

        List<ToolReply> replies = awaitReplies(charge.callId(), 2);
        assertThat(runs.get(charge.callId())).hasValue(1);
        assertThat(replies.get(1).outcome()).isEqualTo(ToolOutcome.OK);
        assertThat(replies.get(1).result()).isEqualTo(original.result());
        assertThat(replies.get(1).worker().instance()).as("the reply is the first worker's, not a new run").isEqualTo("w1");
    }

    @Test
    void shouldRefuseAStartedButUnansweredNonIdempotentCallAsInterruptedWithoutRunningIt() throws Exception {
        provision();
        ToolCommand charge = command("charge");
        RecordMetadata taken = send(charge);
        leaveStartedMark(charge, taken);

        startWorker("w2");

        ToolReply reply = awaitReplies(charge.callId(), 1).getFirst();
        assertThat(reply.outcome()).isEqualTo(ToolOutcome.FAILED);
        assertThat(reply.error().code()).isEqualTo(ErrorCode.INTERRUPTED.wire());
        assertThat(reply.error().message()).contains("charge", "worker died", "interrupted, may have been applied");
        assertThat(runs).doesNotContainKey(charge.callId());
    }

    @Test
    void shouldRunAStartedButUnansweredIdempotentCallAgain() throws Exception {
        provision();
        ToolCommand setFlag = command("set_flag");
        RecordMetadata taken = send(setFlag);
        leaveStartedMark(setFlag, taken);

        startWorker("w2");

        ToolReply reply = awaitReplies(setFlag.callId(), 1).getFirst();
        assertThat(reply.outcome()).isEqualTo(ToolOutcome.OK);
        assertThat(reply.result().content().getFirst().path("text").asString()).isEqualTo("set_flag run 1");
        assertThat(runs.get(setFlag.callId())).hasValue(1);
    }

    @Test
    void shouldAnswerTheInterruptedCallTheSameWhenItComesAThirdTime() throws Exception {
        provision();
        ToolCommand charge = command("charge");
        RecordMetadata taken = send(charge);
        leaveStartedMark(charge, taken);
        WorkerRuntime second = startWorker("w2");
        ToolReply interrupted = awaitReplies(charge.callId(), 1).getFirst();
        second.stop();
        SharedKafka.admin().alterConsumerGroupOffsets(groupId(),
                Map.of(new TopicPartition(taken.topic(), taken.partition()), new OffsetAndMetadata(taken.offset()))).all().get();

        startWorker("w3");

        List<ToolReply> replies = awaitReplies(charge.callId(), 2);
        assertThat(replies.get(1).error()).isEqualTo(interrupted.error());
        assertThat(runs).doesNotContainKey(charge.callId());
    }
}
