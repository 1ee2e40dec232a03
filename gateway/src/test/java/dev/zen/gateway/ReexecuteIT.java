package dev.zen.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zen.ops.replay.ReplayCommand;
import dev.zen.schemas.RecordCodec;
import dev.zen.testkit.SharedKafka;
import dev.zen.worker.filesystem.FilesystemService;
import dev.zen.worker.filesystem.FilesystemSettings;
import dev.zen.worker.runtime.WorkerRuntime;
import dev.zen.worker.runtime.WorkerSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./zen replay --reexecute} against calls a real gateway recorded and a real filesystem worker
 * answers again: nothing changed → every read-only call is SAME; a file changed since → its read is
 * CHANGED, with a diff of the old and new text; a write is skipped unless {@code --allow-writes}, and then
 * runs again for real; with the recorded replies gone, the change is still found by the audit's result hash.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReexecuteIT {

    static final String PREFIX = SharedKafka.uniquePrefix("reexecute");
    static Path root;
    static WorkerRuntime worker;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    record Run(int exit, String out, String err) {
        List<String> lines() {
            return Arrays.asList(out.split("\n"));
        }

        String verdictOf(String tool, int nth) {
            return lines().stream().filter(l -> !l.startsWith("    ") && (l + " ").contains(" " + tool + " ")).skip(nth).findFirst()
                    .map(l -> l.substring(0, l.indexOf(' '))).orElse("none");
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        registry.add("zen.kafka-bootstrap", SharedKafka::bootstrapServers);
        registry.add("zen.topic-prefix", () -> PREFIX);
        registry.add("zen.auth-enabled", () -> "false");
        registry.add("zen.api-rate-limit", () -> "0");
        root = Files.createTempDirectory("zen-reexecute");
        Files.writeString(root.resolve("notes.txt"), "first line\nsecond line\n");
        Files.writeString(root.resolve("stable.txt"), "never changes\n");
    }

    static synchronized void startWorker() throws InterruptedException {
        if (worker == null) {
            worker = new WorkerRuntime(FilesystemService.definition(new FilesystemSettings(root, 1_000_000, Set.of(".txt")), "test"),
                    WorkerSettings.forCluster(SharedKafka.bootstrapServers(), PREFIX, "fs-r1").withHeartbeatInterval(Duration.ofSeconds(1)))
                    .start();
            assertThat(worker.awaitAssignment(Duration.ofSeconds(60))).isTrue();
        }
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.stop();
        }
    }

    HttpResponse<String> call(String tool, String arguments) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/tools/" + tool)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(arguments)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    Run replay(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap", SharedKafka.bootstrapServers(), "--prefix", PREFIX, "--progress", "never",
                "--from-offset", "0"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ReplayCommand.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString().trim(), err.toString().trim());
    }

    List<JsonNode> events() {
        return replay("--format", "jsonl").lines().stream().filter(l -> l.startsWith("{"))
                .map(l -> RecordCodec.shared().mapper().readTree(l)).toList();
    }

    @Test
    void shouldFindTheChangedAnswerOfAFileThatChangedAndNoneWhenNothingChanged() throws Exception {
        // given: recorded calls — two reads and a write
        startWorker();
        await().atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/tools")).GET().build(), HttpResponse.BodyHandlers.ofString()).body().contains("\"file_read\""));
        assertThat(call("file_read", "{\"path\":\"notes.txt\"}").body()).contains("second line");
        assertThat(call("file_read", "{\"path\":\"stable.txt\"}").body()).contains("never changes");
        assertThat(call("file_write", "{\"path\":\"out.txt\",\"content\":\"written\"}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> replay("--outcome", "completed", "--format", "jsonl").lines().size() >= 3);

        // when: nothing has changed
        Run same = replay("--reexecute", "--tool", "file_read,file_write");

        // then: every read is the same, the write is not re-issued
        assertThat(same.exit()).as(same.err()).isZero();
        assertThat(same.verdictOf("file_read", 0)).as(same.out()).isEqualTo("SAME");
        assertThat(same.verdictOf("file_read", 1)).as(same.out()).isEqualTo("SAME");
        assertThat(same.verdictOf("file_write", 0)).as(same.out()).isEqualTo("SKIPPED");
        assertThat(same.out()).contains("--allow-writes").doesNotContain("CHANGED");

        // and: each re-issued read is a call of its own in the audit, accepted and ended by the replay (a read-only
        // sync call has no started event of the worker), naming the recorded call it re-executes (a later --reexecute
        // leaves these out: see below); the recorded reads are whole calls, one event each
        List<String> recordedReads = events().stream().filter(e -> (e.path("type").asString("").equals("accepted")
                || e.has("acceptedAt")) && e.path("tool").asString("").equals("file_read") && !e.path("source").asString("").equals("replay"))
                .map(e -> e.path("callId").asString("")).toList();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<JsonNode> reexecutions = events().stream().filter(e -> e.path("source").asString("").equals("replay")).toList();
            assertThat(reexecutions).extracting(e -> e.path("type").asString("")).containsOnly("accepted", "completed").hasSize(4);
            assertThat(reexecutions).extracting(e -> e.path("detail").path("reexecutes").asString(""))
                    .containsExactlyInAnyOrderElementsOf(List.of(recordedReads.get(0), recordedReads.get(0), recordedReads.get(1),
                            recordedReads.get(1)));
            for (JsonNode accepted : reexecutions.stream().filter(e -> e.path("type").asString("").equals("accepted")).toList()) {
                String id = accepted.path("callId").asString("");
                assertThat(recordedReads).doesNotContain(id);
                assertThat(accepted.path("arguments").path("path").asString("")).isIn("notes.txt", "stable.txt");
                assertThat(events().stream().filter(e -> e.path("callId").asString("").equals(id)).map(e -> e.path("type").asString("")))
                        .containsExactlyInAnyOrder("accepted", "completed");
            }
        });

        // when: a file changed since the recorded calls
        Files.writeString(root.resolve("notes.txt"), "first line\nsecond line, edited\n");
        Run changed = replay("--reexecute", "--tool", "file_read,file_write", "--allow-writes");

        // then: the read of that file differs, with a diff; the other read does not, and the write is re-issued
        assertThat(changed.exit()).as(changed.err()).isZero();
        assertThat(changed.verdictOf("file_read", 0)).as(changed.out()).isEqualTo("CHANGED");
        assertThat(changed.verdictOf("file_read", 1)).as(changed.out()).isEqualTo("SAME");
        // the write ran again (that is what --allow-writes risks): the file it created now exists
        assertThat(changed.verdictOf("file_write", 0)).as(changed.out()).isEqualTo("CHANGED");
        assertThat(changed.out()).contains("    -Created 'out.txt'").contains("    +Overwrote 'out.txt'");
        assertThat(changed.out()).contains("    -second line").contains("    +second line, edited").contains("     first line")
                .contains("    --- recorded").contains("    +++ today");
        assertThat(changed.lines().stream().filter(l -> l.startsWith("CHANGED") && l.contains(" file_read "))).hasSize(1);
        System.out.println(changed.out());

        // when: the recorded replies are gone (as after the reply topic's retention); only the audit's hash is left
        String replies = dev.zen.topics.TopicCatalogue.withPrefix(PREFIX).replies();
        var partitions = SharedKafka.admin().describeTopics(List.of(replies)).allTopicNames().get().get(replies).partitions().stream()
                .map(p -> new org.apache.kafka.common.TopicPartition(replies, p.partition())).toList();
        var ends = SharedKafka.admin().listOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(p -> p,
                p -> org.apache.kafka.clients.admin.OffsetSpec.latest()))).all().get();
        SharedKafka.admin().deleteRecords(ends.entrySet().stream().collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey,
                e -> org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(e.getValue().offset())))).all().get();
        Run hashOnly = replay("--reexecute", "--tool", "file_read");

        // then: the change is still found, by the recorded hash, and today's answer is shown
        assertThat(hashOnly.verdictOf("file_read", 0)).as(hashOnly.out()).isEqualTo("CHANGED");
        assertThat(hashOnly.verdictOf("file_read", 1)).as(hashOnly.out()).isEqualTo("SAME");
        assertThat(hashOnly.out()).containsPattern("-\\(the recorded answer is no longer on \\S+ or \\S+; its hash was sha256:[0-9a-f]{64}\\)")
                .contains("    +second line, edited");
    }

    @Test
    void shouldRefuseReexecuteWithFollowAndAllowWritesAlone() {
        Run follow = replay("--reexecute", "--follow");
        assertThat(follow.exit()).isEqualTo(1);
        assertThat(follow.err()).contains("--reexecute without --follow");
        Run writes = replay("--allow-writes");
        assertThat(writes.exit()).isEqualTo(1);
        assertThat(writes.err()).contains("--allow-writes only with --reexecute");
    }
}
