package dev.zen.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zen.schemas.AccessGrants;
import dev.zen.schemas.CallMode;
import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.ErrorCode;
import dev.zen.schemas.Principal;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ReplyTo;
import dev.zen.schemas.ServiceAnnouncement;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.schemas.ToolOutcome;
import dev.zen.schemas.ToolReply;
import dev.zen.testkit.SharedKafka;
import dev.zen.topics.TopicCatalogue;
import dev.zen.topics.ZenHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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

class WorkerRuntimeIT {

    private final RecordCodec codec = RecordCodec.shared();
    private final AtomicInteger crashes = new AtomicInteger();
    private final Set<String> servedBy = ConcurrentHashMap.newKeySet();
    private final List<WorkerRuntime> runtimes = new ArrayList<>();
    private TopicCatalogue topics;
    private String prefix;
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void setUp() {
        prefix = SharedKafka.uniquePrefix("rt");
        topics = TopicCatalogue.withPrefix(prefix);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        runtimes.forEach(WorkerRuntime::stop);
        producer.close();
    }

    private ServiceDefinition service(String instance) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        return new ServiceDefinition("echo", "1.0", List.of(
                new ToolDefinition(new ToolDescriptor("echo", null, "echoes", schema, null, ToolAnnotations.readOnly("Echo"), null),
                        call -> {
                            servedBy.add(instance);
                            long sleep = call.arguments().path("sleepMs").asLong(0);
                            if (sleep > 0) {
                                Thread.sleep(sleep);
                            }
                            return CallToolResult.text(call.arguments().path("text").asString(""));
                        }),
                // read-only, so a crash is retried (a tool that is not idempotent is tried once: CommandExecutorTest)
                new ToolDefinition(new ToolDescriptor("crash", null, "always crashes", schema, null,
                        dev.zen.schemas.ToolAnnotations.readOnly("Crash"), null),
                        call -> {
                            crashes.incrementAndGet();
                            throw new IllegalStateException("boom");
                        }),
                new ToolDefinition(new ToolDescriptor("refuse", null, "tool error", schema, null, null, null),
                        call -> {
                            throw new ToolFailure("Expected a file, but found a directory");
                        })));
    }

    private WorkerRuntime startWorker(String instance) throws InterruptedException {
        WorkerSettings settings = WorkerSettings.forCluster(SharedKafka.bootstrapServers(), prefix, instance)
                .withHeartbeatInterval(Duration.ofMillis(500));
        WorkerRuntime runtime = new WorkerRuntime(service(instance), settings).start();
        runtimes.add(runtime);
        assertThat(runtime.awaitAssignment(Duration.ofSeconds(30))).isTrue();
        return runtime;
    }

    private ToolCommand command(String tool, ObjectNode arguments, long deadline) {
        return new ToolCommand(null, UUID.randomUUID().toString(), tool, arguments, new Principal("alice", List.of("r"), null),
                CallMode.SYNC, deadline, new ReplyTo(topics.replies(), 0), null, null, 1, null, null, System.currentTimeMillis(), null);
    }

    private void send(ToolCommand command) {
        producer.send(new ProducerRecord<>(topics.tool(command.tool()), command.callId(), codec.encode(command)));
    }

    private Map<String, ToolReply> awaitReplies(int count) {
        Map<String, ToolReply> replies = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.assign(List.of(new TopicPartition(topics.replies(), 0)));
            consumer.seekToBeginning(consumer.assignment());
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    ToolReply reply = codec.decode(record.value(), ToolReply.class);
                    replies.put(reply.callId(), reply);
                }
                return replies.size() >= count;
            });
        }
        return replies;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static ObjectNode args(String text) {
        return JsonNodeFactory.instance.objectNode().put("text", text);
    }

    @Test
    void shouldReplyWithTheHandlersResultAndAnnounceTheInstance() throws Exception {
        startWorker("w1");
        ToolCommand command = command("echo", args("hi"), System.currentTimeMillis() + 30_000);

        send(command);

        ToolReply reply = awaitReplies(1).get(command.callId());
        assertThat(reply.outcome()).isEqualTo(ToolOutcome.OK);
        assertThat(reply.result().content().get(0).path("text").asString()).isEqualTo("hi");
        assertThat(reply.worker().instance()).isEqualTo("w1");
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topics.registry()));
            List<ServiceAnnouncement> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (r.value() != null) {
                        seen.add(codec.decode(r.value(), ServiceAnnouncement.class));
                    }
                });
                return seen.stream().anyMatch(a -> a.heartbeatAt() > a.startedAt());
            });
            assertThat(seen.get(0).key()).isEqualTo("echo/w1");
            assertThat(seen.get(0).tools()).extracting(ToolDescriptor::name).containsExactly("echo", "crash", "refuse");
        }
    }

    @Test
    void shouldRefuseCommandsThePublishedPolicyDoesNotAllowWhateverWroteThem() throws Exception {
        AccessGrants policy = new AccessGrants(null, true, Map.of("r", new AccessGrants.Grant(List.of("refuse"), null, null),
                "admin", new AccessGrants.Grant(List.of("*"), null, null)), "test policy", System.currentTimeMillis());
        new dev.zen.topics.TopicProvisioner(SharedKafka.admin(), Duration.ofSeconds(30)).provision(List.of(topics.fixed("access")));
        producer.send(new ProducerRecord<>(topics.access(), "grants", codec.encode(policy))).get();
        startWorker("w1");
        ToolCommand forged = command("echo", args("forged"), System.currentTimeMillis() + 30_000);
        ToolCommand admin = new ToolCommand(null, UUID.randomUUID().toString(), "echo", args("allowed"),
                new Principal("root", List.of("admin"), null), CallMode.SYNC, System.currentTimeMillis() + 30_000,
                new ReplyTo(topics.replies(), 0), null, null, 1, null, null, System.currentTimeMillis(), null);

        send(forged);
        send(admin);

        Map<String, ToolReply> replies = awaitReplies(2);
        ToolReply refused = replies.get(forged.callId());
        assertThat(refused.outcome()).isEqualTo(ToolOutcome.REJECTED);
        assertThat(refused.error().code()).isEqualTo(ErrorCode.FORBIDDEN.wire());
        assertThat(refused.error().message()).contains("alice", "[r]", "echo", "test policy");
        assertThat(replies.get(admin.callId()).outcome()).isEqualTo(ToolOutcome.OK);
        assertThat(servedBy).containsExactly("w1");
        assertThat(replies.get(admin.callId()).result().content().get(0).path("text").asString()).isEqualTo("allowed");
    }

    @Test
    void shouldHearACancelSentRightAfterStartAndInterruptTheHandler() throws Exception {
        startWorker("w1");
        ToolCommand slow = command("echo", args("slow").put("sleepMs", 20_000), System.currentTimeMillis() + 30_000);

        send(slow);
        await().atMost(Duration.ofSeconds(20)).until(() -> servedBy.contains("w1"));
        producer.send(new ProducerRecord<>(topics.answers(), slow.callId(), codec.encode(
                dev.zen.schemas.ClientAnswer.cancel(slow.callId(), null, null, "test", System.currentTimeMillis())))).get();

        ToolReply reply = awaitReplies(1).get(slow.callId());
        assertThat(reply.outcome()).isEqualTo(ToolOutcome.CANCELLED);
        assertThat(reply.timings().executedMs()).isLessThan(15_000);
    }

    @Test
    void shouldAnswerExpiredCommandWithTimeoutWithoutRunningIt() throws Exception {
        startWorker("w1");
        ToolCommand expired = command("echo", args("late"), System.currentTimeMillis() - 1);

        send(expired);

        ToolReply reply = awaitReplies(1).get(expired.callId());
        assertThat(reply.outcome()).isEqualTo(ToolOutcome.TIMEOUT);
        assertThat(reply.error().code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED.wire());
        assertThat(servedBy).isEmpty();
    }

    @Test
    void shouldInterruptAHandlerThatOutlivesTheDeadline() throws Exception {
        startWorker("w1");
        ObjectNode slow = args("slow").put("sleepMs", 10_000);
        ToolCommand command = command("echo", slow, System.currentTimeMillis() + 1_000);

        send(command);

        ToolReply reply = awaitReplies(1).get(command.callId());
        assertThat(reply.outcome()).isEqualTo(ToolOutcome.TIMEOUT);
        assertThat(reply.timings().executedMs()).isLessThan(5_000);
    }

    @Test
    void shouldReportToolFailureAsToolErrorWithoutRetry() throws Exception {
        startWorker("w1");
        ToolCommand command = command("refuse", JsonNodeFactory.instance.objectNode(), System.currentTimeMillis() + 30_000);

        send(command);

        ToolReply reply = awaitReplies(1).get(command.callId());
        assertThat(reply.outcome()).isEqualTo(ToolOutcome.TOOL_ERROR);
        assertThat(reply.result().isError()).isTrue();
        assertThat(reply.result().content().get(0).path("text").asString()).contains("found a directory");
    }

    @Test
    void shouldRetryACrashingHandlerThenDeadLetterTheCommandWithTheReason() throws Exception {
        startWorker("w1");
        ToolCommand command = command("crash", JsonNodeFactory.instance.objectNode(), System.currentTimeMillis() + 30_000);

        send(command);

        ToolReply reply = awaitReplies(1).get(command.callId());
        assertThat(reply.outcome()).isEqualTo(ToolOutcome.FAILED);
        assertThat(reply.error().code()).isEqualTo(ErrorCode.HANDLER_CRASHED.wire());
        assertThat(crashes).hasValue(3);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topics.toolDlt("crash")));
            List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(dead::add);
                return !dead.isEmpty();
            });
            ConsumerRecord<String, byte[]> record = dead.get(0);
            assertThat(record.key()).isEqualTo(command.callId());
            assertThat(header(record, ZenHeaders.DLT_REASON)).isEqualTo("boom");
            assertThat(header(record, ZenHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(topics.tool("crash"));
            assertThat(header(record, ZenHeaders.DLT_ATTEMPTS)).isEqualTo("3");
        }
    }

    @Test
    void shouldDeadLetterAnUnreadableRecordAndKeepServing() throws Exception {
        startWorker("w1");
        producer.send(new ProducerRecord<>(topics.tool("echo"), "junk", "{not json".getBytes(StandardCharsets.UTF_8)));
        ToolCommand after = command("echo", args("still here"), System.currentTimeMillis() + 30_000);

        send(after);

        assertThat(awaitReplies(1).get(after.callId()).outcome()).isEqualTo(ToolOutcome.OK);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topics.toolDlt("echo")));
            List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(dead::add);
                return !dead.isEmpty();
            });
            assertThat(dead.get(0).key()).isEqualTo("junk");
        }
    }

    @Test
    void shouldLoseNoCallWhenOneOfTwoReplicasStopsMidStream() throws Exception {
        startWorker("w1");
        WorkerRuntime second = startWorker("w2");
        List<ToolCommand> commands = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ToolCommand command = command("echo", args("n" + i).put("sleepMs", 300), System.currentTimeMillis() + 60_000);
            commands.add(command);
            send(command);
            if (i == 20) {
                // w2 is busy with calls of its own when it is told to stop
                await().atMost(Duration.ofSeconds(20)).until(() -> servedBy.contains("w2"));
                Thread.startVirtualThread(second::stop);
            }
        }

        Map<String, ToolReply> replies = awaitReplies(60);

        assertThat(replies.keySet()).containsAll(commands.stream().map(ToolCommand::callId).toList());
        assertThat(replies.values()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(ToolOutcome.OK));
        assertThat(servedBy).containsExactlyInAnyOrder("w1", "w2");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
