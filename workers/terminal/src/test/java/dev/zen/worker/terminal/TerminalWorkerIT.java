package dev.zen.worker.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zen.schemas.Principal;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.ServiceAnnouncement;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.schemas.ToolOutcome;
import dev.zen.schemas.ToolReply;
import dev.zen.testkit.SharedKafka;
import dev.zen.topics.TopicCatalogue;
import dev.zen.worker.runtime.WorkerRuntime;
import dev.zen.worker.runtime.WorkerSettings;
import dev.zen.worker.testkit.ToolCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The terminal service on a worker, over Kafka: commands arrive as records and answer with their exit
 * code in the reply's audit facts (never their output); the announcement lists the tools it offers and,
 * for an unsandboxed terminal, says so.
 */
class TerminalWorkerIT {

    private static final Principal ALICE = new Principal("alice", List.of("dev"), null);
    private final RecordCodec codec = RecordCodec.shared();

    @TempDir
    Path base;

    @Test
    void shouldRunCommandsSentAsRecordsAndRecordTheExitCodeNotTheOutput() throws Exception {
        String prefix = SharedKafka.uniquePrefix("terminal");
        try (Terminal terminal = TestTerminals.create(base, Map.of());
                ToolCommands commands = new ToolCommands(prefix)) {
            WorkerRuntime worker = new WorkerRuntime(terminal.definition("test"),
                    WorkerSettings.forCluster(SharedKafka.bootstrapServers(), prefix, "t1")).start();
            try {
                assertThat(worker.awaitAssignment(Duration.ofSeconds(60))).isTrue();
                ToolCommand ls = command(List.of("ls", "/no-such-dir"));
                ToolCommand echo = command(List.of("echo", "secret-output-42"));
                ToolCommand shell = command(List.of("bash", "-c", "id"));
                commands.send(ls);
                commands.send(echo);
                commands.send(shell);

                ToolReply echoed = commands.awaitResult(echo.callId(), Duration.ofSeconds(60));
                assertThat(echoed.outcome()).isEqualTo(ToolOutcome.OK);
                assertThat(echoed.result().structuredContent().get("stdout").asString()).isEqualTo("secret-output-42\n");
                assertThat(echoed.facts().get("exitCode").asInt()).isZero();
                assertThat(echoed.facts().get("executable").asString()).isEqualTo("/usr/bin/echo");
                assertThat(echoed.facts().get("cwd").asString()).isEqualTo(".");
                assertThat(echoed.facts().toString()).doesNotContain("secret-output-42");

                ToolReply failed = commands.awaitResult(ls.callId(), Duration.ofSeconds(60));
                assertThat(failed.outcome()).isEqualTo(ToolOutcome.OK);
                assertThat(failed.facts().get("exitCode").asInt()).isEqualTo(2);

                ToolReply refused = commands.awaitResult(shell.callId(), Duration.ofSeconds(60));
                assertThat(refused.outcome()).isEqualTo(ToolOutcome.TOOL_ERROR);
                assertThat(refused.result().content().getFirst().get("text").asString())
                        .contains("'bash' is a shell, launcher or interpreter");
                assertThat(refused.facts()).isNull();

                ServiceAnnouncement announced = announcement(prefix, "t1");
                assertThat(announced.tools()).extracting(ToolDescriptor::name).containsExactlyInAnyOrder("terminal_exec", "system_info",
                        "process_start", "process_read", "process_input", "process_kill", "process_list");
                assertThat(announced.warnings()).isEmpty();
            } finally {
                worker.stop();
            }
        }
    }

    @Test
    void shouldAnnounceAnUnsandboxedTerminal() throws Exception {
        String prefix = SharedKafka.uniquePrefix("terminal-off");
        try (Terminal terminal = TestTerminals.create(base, Map.of("TERMINAL_SANDBOX", "off", "TERMINAL_SHELL", "on"))) {
            WorkerRuntime worker = new WorkerRuntime(terminal.definition("test"),
                    WorkerSettings.forCluster(SharedKafka.bootstrapServers(), prefix, "t2")).start();
            try {
                ServiceAnnouncement announced = announcement(prefix, "t2");
                assertThat(announced.warnings()).singleElement().asString().startsWith("unsandboxed: TERMINAL_SANDBOX=off");
                assertThat(announced.tools()).extracting(ToolDescriptor::name).contains("shell_command");
            } finally {
                worker.stop();
            }
        }
    }

    private static ToolCommand command(List<String> argv) {
        ObjectNode arguments = JsonNodeFactory.instance.objectNode();
        argv.forEach(arguments.putArray("command")::add);
        return ToolCommands.async("terminal_exec", arguments, ALICE);
    }

    private ServiceAnnouncement announcement(String prefix, String instance) {
        TopicCatalogue topics = TopicCatalogue.withPrefix(prefix);
        List<ServiceAnnouncement> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !consumer.partitionsFor(topics.registry()).isEmpty());
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topics.registry()).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() != null) {
                        seen.add(codec.decode(r.value(), ServiceAnnouncement.class));
                    }
                });
                return seen.stream().anyMatch(a -> a.key().equals(TerminalService.SERVICE + "/" + instance));
            });
        }
        return seen.stream().filter(a -> a.key().equals(TerminalService.SERVICE + "/" + instance)).findFirst().orElseThrow();
    }
}
