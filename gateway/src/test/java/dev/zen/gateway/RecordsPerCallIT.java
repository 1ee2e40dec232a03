package dev.zen.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.testkit.SharedKafka;
import dev.zen.topics.TopicCatalogue;
import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.WorkerRuntime;
import dev.zen.worker.runtime.WorkerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What a synchronous call costs the broker, counted on it: a read-only call with audit on writes
 * three records (its command, its reply, one audit event) and nothing to the call ledger; a call of
 * a tool that is not idempotent adds its two ledger marks and the worker's {@code started}. Every
 * reply goes to the one partition of the replies topic this gateway reads ({@code ZEN_REPLY_PARTITION}).
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecordsPerCallIT {

    static final String PREFIX = SharedKafka.uniquePrefix("records");
    static final int REPLY_PARTITION = 4;
    static final int CALLS = 25;
    static WorkerRuntime worker;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("zen.kafka-bootstrap", SharedKafka::bootstrapServers);
        registry.add("zen.topic-prefix", () -> PREFIX);
        registry.add("zen.auth-enabled", () -> "false");
        registry.add("zen.api-rate-limit", () -> "0");
        registry.add("zen.reply-partition", () -> Integer.toString(REPLY_PARTITION));
    }

    static synchronized void startWorker() {
        if (worker != null) {
            return;
        }
        var open = JsonNodeFactory.instance.objectNode().put("type", "object");
        ServiceDefinition service = new ServiceDefinition("records-test", "test", List.of(
                new ToolDefinition(new ToolDescriptor("look", null, "reads", open, null, ToolAnnotations.readOnly("Look"), null),
                        call -> CallToolResult.text("seen")),
                new ToolDefinition(new ToolDescriptor("append", null, "writes", open, null,
                        ToolAnnotations.writing("Append", false, false), null), call -> CallToolResult.text("appended"))));
        worker = new WorkerRuntime(service, WorkerSettings.forCluster(SharedKafka.bootstrapServers(), PREFIX, "records-1")
                .withHeartbeatInterval(Duration.ofSeconds(1))).start();
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.stop();
        }
    }

    int call(String tool) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/tools/" + tool)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The end offset of every partition of every topic of this test's prefix, but the registry (heartbeats), by partition. */
    static Map<TopicPartition, Long> ends() throws Exception {
        var admin = SharedKafka.admin();
        String registry = TopicCatalogue.withPrefix(PREFIX).registry();
        var names = admin.listTopics().names().get().stream().filter(t -> t.startsWith(PREFIX) && !t.equals(registry)).toList();
        var partitions = admin.describeTopics(names).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition()))).toList();
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get()
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset(), (a, b) -> a, java.util.HashMap::new));
    }

    /** Records written per topic between two readings. */
    static Map<String, Long> written(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
        Map<String, Long> perTopic = new TreeMap<>();
        after.forEach((partition, end) -> {
            long delta = end - before.getOrDefault(partition, 0L);
            if (delta > 0) {
                perTopic.merge(partition.topic(), delta, Long::sum);
            }
        });
        return perTopic;
    }

    Map<String, Long> afterCalls(String tool, long expectedAudit) throws Exception {
        Map<TopicPartition, Long> before = ends();
        for (int i = 0; i < CALLS; i++) {
            assertThat(call(tool)).isEqualTo(200);
        }
        String audit = TopicCatalogue.withPrefix(PREFIX).audit();
        // the audit is written off the call path: wait for it, then make sure nothing more comes
        await().atMost(Duration.ofSeconds(30)).until(() -> written(before, ends()).getOrDefault(audit, 0L) >= expectedAudit);
        Thread.sleep(1_500);
        Map<TopicPartition, Long> after = ends();
        String replies = TopicCatalogue.withPrefix(PREFIX).replies();
        after.forEach((partition, end) -> {
            if (partition.topic().equals(replies) && partition.partition() != REPLY_PARTITION) {
                assertThat(end - before.getOrDefault(partition, 0L)).as("replies on %s", partition).isZero();
            }
        });
        return written(before, after);
    }

    @Test
    void shouldWriteThreeRecordsPerReadOnlyCallAndTheLedgerMarksOnlyForAWrite() throws Exception {
        startWorker();
        await().atMost(Duration.ofSeconds(60)).until(() -> call("look") == 200);
        Thread.sleep(1_500); // the warm-up call's audit is written

        TopicCatalogue topics = TopicCatalogue.withPrefix(PREFIX);
        Map<String, Long> reads = afterCalls("look", CALLS);
        assertThat(reads).as("records written by %d read-only calls", CALLS).isEqualTo(Map.of(
                topics.tool("look"), (long) CALLS,
                topics.replies(), (long) CALLS,
                topics.audit(), (long) CALLS));

        Map<String, Long> writes = afterCalls("append", 2L * CALLS);
        assertThat(writes).as("records written by %d calls of a tool that is not idempotent", CALLS).isEqualTo(Map.of(
                topics.tool("append"), (long) CALLS,
                topics.replies(), (long) CALLS,
                topics.ledger("records-test"), 2L * CALLS,
                topics.audit(), 2L * CALLS));
    }
}
