package dev.zen.worker.git;

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
import java.util.concurrent.TimeUnit;
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
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Fault test with real processes: two git worker replicas, each its own JVM ({@link HangingCommitWorker});
 * the one that made a commit is killed with SIGKILL before it replies. The survivor takes the command
 * over and answers it "interrupted, may have been applied" from the call ledger: the commit is in the
 * repository exactly once, never made a second time.
 */
class CommitKillIT {

    private final RecordCodec codec = RecordCodec.shared();
    private final Map<String, Process> replicas = new HashMap<>();
    private TopicCatalogue topics;
    private String prefix;
    private KafkaProducer<String, byte[]> producer;
    @TempDir
    Path dir;
    private Path root;
    private Path runLog;

    @BeforeEach
    void setUp() throws Exception {
        prefix = SharedKafka.uniquePrefix("gitkill");
        topics = TopicCatalogue.withPrefix(prefix);
        root = Files.createDirectories(dir.resolve("repos")).toRealPath();
        TestRepos.repoWith(root, "project", Map.of("README.md", "# project\n"));
        runLog = Files.createFile(dir.resolve("runs.log"));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        replicas.values().forEach(Process::destroyForcibly);
        producer.close();
    }

    @Test
    void shouldNeverCommitTwiceWhenTheWorkerDiesBetweenCommitAndReply() throws Exception {
        startReplica("r1");
        startReplica("r2");
        awaitStableGroupOf(2);
        // a first commit on the same partition: the survivor reads the call ledger from where its offset commit says
        ToolCommand warmUp = commit("Warm-up commit");
        send(warmUp);
        assertThat(awaitReply(warmUp.callId()).outcome()).isEqualTo(ToolOutcome.OK);
        awaitCommittedOffset(1);

        ToolCommand once = commit("HANG: made once");
        send(once);
        await().atMost(Duration.ofSeconds(30)).until(() -> !runsOf(once.callId()).isEmpty());
        String victim = runsOf(once.callId()).getFirst();
        assertThat(subjects()).contains("HANG: made once");
        Process process = replicas.get(victim);
        process.destroyForcibly(); // SIGKILL: no reply, no offset commit
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        ToolReply reply = awaitReply(once.callId());

        String survivor = victim.equals("r1") ? "r2" : "r1";
        assertThat(reply.outcome()).isEqualTo(ToolOutcome.FAILED);
        assertThat(reply.error().code()).isEqualTo(ErrorCode.INTERRUPTED.wire());
        assertThat(reply.error().message()).contains("interrupted, may have been applied");
        assertThat(reply.worker().instance()).isEqualTo(survivor);
        assertThat(runsOf(once.callId())).as("the commit ran once, on the killed replica").containsExactly(victim);
        assertThat(subjects()).as("the repository's history").containsExactly("HANG: made once", "Warm-up commit", "initial");
    }

    private ToolCommand commit(String message) {
        var arguments = JsonNodeFactory.instance.objectNode().put("repo", "project").put("message", message).put("allow_empty", true);
        return new ToolCommand(null, UUID.randomUUID().toString(), "git_commit", arguments, new Principal("alice", List.of("dev"), null),
                CallMode.ASYNC, System.currentTimeMillis() + 180_000, null, null, null, 1, null, null, System.currentTimeMillis(), null);
    }

    private List<String> subjects() throws Exception {
        try (Git git = Git.open(root.resolve("project").toFile())) {
            List<String> subjects = new ArrayList<>();
            for (RevCommit commit : git.log().call()) {
                subjects.add(commit.getShortMessage());
            }
            return subjects;
        }
    }

    private void startReplica(String instance) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File log = new File("target/commit-kill-" + prefix + instance + ".log");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                HangingCommitWorker.class.getName()).redirectErrorStream(true).redirectOutput(log);
        builder.environment().putAll(Map.of("ZEN_KAFKA_BOOTSTRAP", SharedKafka.bootstrapServers(), "ZEN_TOPIC_PREFIX", prefix,
                "ZEN_INSTANCE_ID", instance, "ZEN_TEST_RUN_LOG", runLog.toString(), "ZEN_HEARTBEAT_MS", "500",
                "GIT_ROOT", root.toString()));
        replicas.put(instance, builder.start());
    }

    private void awaitStableGroupOf(int members) {
        String group = prefix + "worker.git";
        try (Admin admin = SharedKafka.admin()) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                return description.groupState() == GroupState.STABLE && description.members().size() == members
                        && description.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            });
        }
    }

    private void awaitCommittedOffset(long offset) {
        try (Admin admin = SharedKafka.admin()) {
            TopicPartition partition = new TopicPartition(topics.tool("git_commit"), 0);
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                var committed = admin.listConsumerGroupOffsets(prefix + "worker.git").partitionsToOffsetAndMetadata().get().get(partition);
                return committed != null && committed.offset() == offset;
            });
        }
    }

    private void send(ToolCommand command) throws Exception {
        producer.send(new ProducerRecord<>(topics.tool(command.tool()), 0, command.callId(), codec.encode(command))).get();
    }

    private ToolReply awaitReply(String callId) {
        List<ToolReply> replies = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.results()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(90)).until(() -> {
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

    private List<String> runsOf(String callId) throws Exception {
        return Files.readAllLines(runLog).stream().filter(l -> l.startsWith(callId + " ")).map(l -> l.substring(callId.length() + 1))
                .toList();
    }
}
