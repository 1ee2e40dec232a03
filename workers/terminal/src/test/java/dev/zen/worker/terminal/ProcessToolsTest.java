package dev.zen.worker.terminal;

import static dev.zen.worker.terminal.TestTerminals.assertNoProcessWith;
import static dev.zen.worker.terminal.TestTerminals.out;
import static dev.zen.worker.terminal.TestTerminals.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.zen.schemas.Principal;
import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Background processes: start, follow, feed, kill, list; their caps, runtime limit and expiry. */
class ProcessToolsTest {

    private static final Principal BOB = new Principal("bob", List.of("dev"), null);

    @TempDir
    Path base;

    Terminal terminal;

    @AfterEach
    void tearDown() {
        if (terminal != null) {
            terminal.close();
        }
    }

    @Test
    void shouldFollowAProcessFromStartToItsExit() throws Exception {
        terminal = TestTerminals.create(base, Map.of("TERMINAL_ALLOWED_COMMANDS", "cat,sleep,seq"));
        JsonNode started = out(runAs(terminal, BOB, "process_start", "command", List.of("cat")));
        String id = started.get("process_id").asString();
        assertThat(started.get("running").asBoolean()).isTrue();
        assertThat(id).matches("p-[0-9a-f]{12}");

        JsonNode wrote = out(runAs(terminal, BOB, "process_input", "process_id", id, "input", "first line\n"));
        assertThat(wrote.get("bytes_written").asLong()).isEqualTo(11);
        JsonNode read = out(runAs(terminal, BOB, "process_read", "process_id", id, "wait_ms", 5_000));
        assertThat(read.get("output").asString()).isEqualTo("first line\n");
        assertThat(read.get("next_offset").asLong()).isEqualTo(11);
        assertThat(read.get("process").get("running").asBoolean()).isTrue();

        runAs(terminal, BOB, "process_input", "process_id", id, "input", "second\n", "close", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> !terminal.processes().get(BOB, id).running());
        JsonNode rest = out(runAs(terminal, BOB, "process_read", "process_id", id, "offset", 11));
        assertThat(rest.get("output").asString()).isEqualTo("second\n");
        assertThat(rest.get("truncated").asBoolean()).isFalse();
        assertThat(rest.get("process").get("exit_code").asLong()).isZero();
        assertThat(rest.get("process").has("ended_at")).isTrue();
        // still readable after the end, from the start
        assertThat(out(runAs(terminal, BOB, "process_read", "process_id", id)).get("output").asString()).isEqualTo("first line\nsecond\n");
        assertThatThrownBy(() -> runAs(terminal, BOB, "process_input", "process_id", id, "input", "late"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("has ended; nothing was written");
    }

    @Test
    void shouldPageOutputAndSayWhatWasDropped() throws Exception {
        terminal = TestTerminals.create(base, Map.of("TERMINAL_ALLOWED_COMMANDS", "seq", "TERMINAL_PROCESS_BUFFER", "4KB"));
        String id = out(runAs(terminal, BOB, "process_start", "command", List.of("seq", "1", "10000"))).get("process_id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> !terminal.processes().get(BOB, id).running());
        JsonNode first = out(runAs(terminal, BOB, "process_read", "process_id", id, "max_bytes", 1000));
        // 48,894 bytes written, the newest 4,096 kept
        assertThat(first.get("process").get("output_bytes").asLong()).isEqualTo(48_894);
        assertThat(first.get("skipped_bytes").asLong()).isEqualTo(48_894 - 4096);
        assertThat(first.get("offset").asLong()).isEqualTo(48_894 - 4096);
        assertThat(first.get("truncated").asBoolean()).isTrue();
        JsonNode next = out(runAs(terminal, BOB, "process_read", "process_id", id, "offset", first.get("next_offset").asLong(),
                "max_bytes", 100_000));
        assertThat(next.get("skipped_bytes").asLong()).isZero();
        assertThat(next.get("truncated").asBoolean()).isFalse();
        assertThat(next.get("output").asString()).endsWith("9999\n10000\n");
    }

    @Test
    void shouldKillAProcessWithItsTreeAndListIt() throws Exception {
        terminal = TestTerminals.create(base, Map.of("TERMINAL_ALLOWED_COMMANDS", "sleep"));
        String nonce = "77." + System.nanoTime() % 100_000;
        String id = out(runAs(terminal, BOB, "process_start", "command", List.of("sleep", nonce))).get("process_id").asString();
        assertThat(TestTerminals.processesWith(nonce)).isNotEmpty();
        JsonNode listed = out(runAs(terminal, BOB, "process_list"));
        assertThat(listed.get("processes")).singleElement().satisfies(p -> assertThat(p.get("process_id").asString()).isEqualTo(id));
        JsonNode killed = out(runAs(terminal, BOB, "process_kill", "process_id", id));
        assertThat(killed.get("running").asBoolean()).isFalse();
        assertThat(killed.get("killed").asString()).isEqualTo("process_kill");
        assertThat(killed.has("exit_code")).isFalse();
        assertNoProcessWith(nonce);
        // killing again changes nothing
        assertThat(out(runAs(terminal, BOB, "process_kill", "process_id", id)).get("killed").asString()).isEqualTo("process_kill");
    }

    @Test
    void shouldCapProcessesPerPrincipalAndKillThemAtTheirRuntime() throws Exception {
        terminal = TestTerminals.create(base, Map.of("TERMINAL_ALLOWED_COMMANDS", "sleep", "TERMINAL_MAX_PROCESSES_PER_PRINCIPAL", "2",
                "TERMINAL_PROCESS_TTL", "2s"));
        String one = out(runAs(terminal, BOB, "process_start", "command", List.of("sleep", "60"), "max_runtime_ms", 1_000))
                .get("process_id").asString();
        out(runAs(terminal, BOB, "process_start", "command", List.of("sleep", "60")));
        long before = terminal.processes().started();
        assertThatThrownBy(() -> runAs(terminal, BOB, "process_start", "command", List.of("sleep", "60")))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("Expected fewer than 2 running background processes of yours");
        assertThat(terminal.processes().started()).isEqualTo(before);
        // another principal has its own allowance
        out(runAs(terminal, new Principal("carol", List.of(), null), "process_start", "command", List.of("sleep", "60")));
        // the first one is killed at its runtime, then forgotten after the TTL
        await().atMost(Duration.ofSeconds(10)).until(() -> !terminal.processes().get(BOB, one).running());
        assertThat(terminal.processes().get(BOB, one).killedBecause()).contains("max_runtime_ms");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> terminal.processes().get(BOB, one))
                .isInstanceOf(ToolFailure.class));
        assertThatThrownBy(() -> runAs(terminal, BOB, "process_start", "command", List.of("sleep", "1"), "max_runtime_ms", 3_600_001))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("'max_runtime_ms' between 1 and 3600000");
    }

    @Test
    void shouldKeepAProcessAliveAfterTheThreadThatStartedItEnds() throws Exception {
        // the parent-death signal follows the thread that forks: processes must not be forked by a call's thread
        terminal = TestTerminals.create(base, Map.of("TERMINAL_ALLOWED_COMMANDS", "sleep"));
        String[] ids = new String[2];
        Thread platform = Thread.ofPlatform().start(() -> ids[0] = start("sleep", "30"));
        Thread virtual = Thread.ofVirtual().start(() -> ids[1] = start("sleep", "30"));
        platform.join();
        virtual.join();
        Thread.sleep(1_500);
        assertThat(terminal.processes().get(BOB, ids[0]).running()).isTrue();
        assertThat(terminal.processes().get(BOB, ids[1]).running()).isTrue();
    }

    @Test
    void shouldNotBlockOnAProcessThatDoesNotReadItsInput() throws Exception {
        terminal = TestTerminals.create(base, Map.of("TERMINAL_ALLOWED_COMMANDS", "sleep"));
        String id = start("sleep", "30");
        long started = System.nanoTime();
        JsonNode first = out(runAs(terminal, BOB, "process_input", "process_id", id, "input", "x".repeat(200_000)));
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(8_000);
        assertThat(first.get("pending").asBoolean()).isTrue();
        assertThat(first.get("bytes_written").asLong()).isLessThan(200_000);
        assertThatThrownBy(() -> runAs(terminal, BOB, "process_input", "process_id", id, "input", "more"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("an earlier input is still being written");
    }

    private String start(String... argv) {
        try {
            return out(runAs(terminal, BOB, "process_start", "command", List.of(argv))).get("process_id").asString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldKillEveryProcessWhenTheTerminalCloses() throws Exception {
        terminal = TestTerminals.create(base, Map.of("TERMINAL_ALLOWED_COMMANDS", "sleep"));
        String nonce = "78." + System.nanoTime() % 100_000;
        runAs(terminal, BOB, "process_start", "command", List.of("sleep", nonce));
        terminal.close();
        terminal = null;
        assertNoProcessWith(nonce);
    }
}
