package dev.zen.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zen.schemas.CallMode;
import dev.zen.schemas.ErrorCode;
import dev.zen.schemas.Principal;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolOutcome;
import dev.zen.schemas.ToolReply;
import dev.zen.testkit.SharedKafka;
import dev.zen.topics.TopicCatalogue;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Fault test with real processes: two worker replicas, each its own JVM ({@link SlowToolsWorker}),
 * serve a long call; the replica running it is killed with SIGKILL (no shutdown hook, no commit, no
 * reply), and the survivor takes the command over once the broker notices the death. The job then
 * ends by the delivery rules: interrupted for a non-idempotent tool, run again for an idempotent one.
 */
class WorkerKillIT {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerKillIT.class);

    private final RecordCodec codec = RecordCodec.shared();
    private final Map<String, Process> replicas = new HashMap<>();
    private TopicCatalogue topics;
    private String prefix;
    private KafkaProducer<String, byte[]> producer;
    @TempDir
    Path dir;
    private Path runLog;

    @BeforeEach
    void setUp() throws Exception {
        prefix = SharedKafka.uniquePrefix("kill");
        topics = TopicCatalogue.withPrefix(prefix);
        runLog = dir.resolve("runs.log");
        Files.createFile(runLog);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        replicas.values().forEach(Process::destroyForcibly);
        producer.close();
    }

    private void startReplica(String instance) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File log = new File("target/worker-kill-" + prefix + instance + ".log");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                SlowToolsWorker.class.getName()).redirectErrorStream(true).redirectOutput(log);
        builder.environment().putAll(Map.of("ZEN_KAFKA_BOOTSTRAP", SharedKafka.bootstrapServers(), "ZEN_TOPIC_PREFIX", prefix,
                "ZEN_INSTANCE_ID", instance, "ZEN_TEST_RUN_LOG", runLog.toString(), "ZEN_HEARTBEAT_MS", "500"));
        replicas.put(instance, builder.start());
    }

    /** Both replicas are members of the group and it is stable, so no rebalance waits on the long call. */
    private void awaitStableGroupOf(int members) {
        String group = prefix + "worker." + SlowToolsWorker.SERVICE;
        try (Admin admin = SharedKafka.admin()) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                return description.groupState() == GroupState.STABLE && description.members().size() == members
                        && description.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            });
        }
    }

    private ToolCommand command(String tool, long sleepMs) {
        return new ToolCommand(null, UUID.randomUUID().toString(), tool, JsonNodeFactory.instance.objectNode().put("sleepMs", sleepMs),
                new Principal("alice", List.of("r"), null), CallMode.ASYNC, System.currentTimeMillis() + 180_000, null, null, null, 1,
                null, null, System.currentTimeMillis(), null);
    }

    private void send(ToolCommand command) throws Exception {
        // one partition for all: the long call follows committed calls, so the survivor reads the ledger from the commit's position
        producer.send(new ProducerRecord<>(topics.tool(command.tool()), 0, command.callId(), codec.encode(command))).get();
    }

    private ToolReply awaitReply(String callId, Duration within) {
        List<ToolReply> replies = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.results()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(within).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (callId.equals(record.key()) && record.value() != null
                            && codec.tree(record.value()).path("schema").path("name").asString().equals("zen.tool-reply")) {
                        replies.add(codec.decode(record.value(), ToolReply.class));
                    }
                }
                return !replies.isEmpty();
            });
        }
        return replies.getFirst();
    }

    /** The instances that started the call, in order, from the replicas' run log. */
    private List<String> runsOf(String callId) throws Exception {
        return Files.readAllLines(runLog).stream().filter(l -> l.startsWith(callId + " ")).map(l -> l.substring(callId.length() + 1))
                .toList();
    }

    /** Starts two replicas, proves both serve with a quick call each, then sends the long call and kills whoever runs it. */
    private String killTheReplicaRunning(ToolCommand longCall, String quickTool) throws Exception {
        startReplica("r1");
        startReplica("r2");
        awaitStableGroupOf(2);
        ToolCommand warmUp = command(quickTool, 0);
        send(warmUp);
        assertThat(awaitReply(warmUp.callId(), Duration.ofSeconds(60)).outcome()).isEqualTo(ToolOutcome.OK);

        // the survivor will read the call ledger from where the warm-up's commit says, not from its start
        try (Admin admin = SharedKafka.admin()) {
            TopicPartition partition = new TopicPartition(topics.tool(quickTool), 0);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                var committed = admin.listConsumerGroupOffsets(prefix + "worker." + SlowToolsWorker.SERVICE)
                        .partitionsToOffsetAndMetadata().get().get(partition);
                LOG.info("Committed {}", committed);
                return committed != null && committed.offset() == 1 && CallLedger.positionIn(committed.metadata()) > 0;
            });
        }
        send(longCall);
        await().atMost(Duration.ofSeconds(30)).until(() -> !runsOf(longCall.callId()).isEmpty());
        String victim = runsOf(longCall.callId()).getFirst();
        Process process = replicas.get(victim);
        process.destroyForcibly(); // SIGKILL
        assertThat(process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        return victim;
    }

    @Test
    void shouldEndALongNonIdempotentJobAsInterruptedWhenItsReplicaIsKilled() throws Exception {
        ToolCommand charge = command("slow_charge", 60_000);

        String victim = killTheReplicaRunning(charge, "slow_charge");

        ToolReply reply = awaitReply(charge.callId(), Duration.ofSeconds(60));
        String survivor = victim.equals("r1") ? "r2" : "r1";
        LOG.info("Path taken: {} was killed running {}; {} answered {} / {} without running it again", victim, charge.callId(), survivor,
                reply.outcome().wire(), reply.error() == null ? "-" : reply.error().code());
        assertThat(reply.outcome()).isEqualTo(ToolOutcome.FAILED);
        assertThat(reply.error().code()).isEqualTo(ErrorCode.INTERRUPTED.wire());
        assertThat(reply.error().message()).contains("worker " + victim, "interrupted, may have been applied");
        assertThat(reply.worker().instance()).isEqualTo(survivor);
        assertThat(runsOf(charge.callId())).as("the non-idempotent handler ran once, on the killed replica").containsExactly(victim);
    }

    @Test
    void shouldRunALongIdempotentJobAgainOnTheSurvivorWhenItsReplicaIsKilled() throws Exception {
        ToolCommand sync = command("slow_sync", 3_000);

        String victim = killTheReplicaRunning(sync, "slow_sync");

        ToolReply reply = awaitReply(sync.callId(), Duration.ofSeconds(60));
        String survivor = victim.equals("r1") ? "r2" : "r1";
        LOG.info("Path taken: {} was killed running {}; {} ran it again and answered {}", victim, sync.callId(), survivor,
                reply.outcome().wire());
        assertThat(reply.outcome()).isEqualTo(ToolOutcome.OK);
        assertThat(reply.result().content().getFirst().path("text").asString()).isEqualTo("slow_sync done by " + survivor);
        assertThat(runsOf(sync.callId())).as("the idempotent handler ran again on the survivor").containsExactly(victim, survivor);
    }
}
