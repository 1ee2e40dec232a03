package dev.zen.worker.terminal;

import static dev.zen.worker.terminal.TestTerminals.out;
import static dev.zen.worker.terminal.TestTerminals.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.zen.worker.runtime.ToolFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Commands past TERMINAL_MAX_CONCURRENT wait for a slot up to TERMINAL_QUEUE_WAIT, then are refused: never a hang. */
class ConcurrencyTest {

    @TempDir
    Path base;

    @Test
    void shouldQueueThenRefuseCommandsPastTheBound() throws Exception {
        try (Terminal terminal = TestTerminals.create(base, Map.of("TERMINAL_ALLOWED_COMMANDS", "sleep,true",
                "TERMINAL_MAX_CONCURRENT", "2", "TERMINAL_QUEUE_WAIT", "300ms"));
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<JsonNode> first = CompletableFuture.supplyAsync(() -> call(terminal, "sleep", "2"), callers);
            CompletableFuture<JsonNode> second = CompletableFuture.supplyAsync(() -> call(terminal, "sleep", "2"), callers);
            await().atMost(Duration.ofSeconds(10)).until(() -> terminal.runner().started() == 2);

            long before = terminal.runner().started();
            long startedAt = System.nanoTime();
            assertThatThrownBy(() -> run(terminal, "terminal_exec", "command", List.of("true")))
                    .isInstanceOf(ToolFailure.class)
                    .hasMessage("Expected a free command slot on this worker, but all 2 (TERMINAL_MAX_CONCURRENT) stayed busy for 300 ms; "
                            + "nothing ran, retry later");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt)).isBetween(250L, 1_500L);
            assertThat(terminal.runner().started()).isEqualTo(before);

            assertThat(first.get(10, TimeUnit.SECONDS).get("exitCode").asLong()).isZero();
            assertThat(second.get(10, TimeUnit.SECONDS).get("exitCode").asLong()).isZero();
        }
    }

    @Test
    void shouldRunAQueuedCommandWhenASlotFrees() throws Exception {
        try (Terminal terminal = TestTerminals.create(base, Map.of("TERMINAL_ALLOWED_COMMANDS", "sleep,true",
                "TERMINAL_MAX_CONCURRENT", "1", "TERMINAL_QUEUE_WAIT", "10s"));
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<JsonNode> busy = CompletableFuture.supplyAsync(() -> call(terminal, "sleep", "1"), callers);
            await().atMost(Duration.ofSeconds(10)).until(() -> terminal.runner().started() == 1);
            long startedAt = System.nanoTime();
            JsonNode queued = out(run(terminal, "terminal_exec", "command", List.of("true")));
            assertThat(queued.get("exitCode").asLong()).isZero();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt)).isGreaterThan(300L);
            assertThat(busy.get(10, TimeUnit.SECONDS).get("exitCode").asLong()).isZero();
        }
    }

    private static JsonNode call(Terminal terminal, String... argv) {
        try {
            return out(run(terminal, "terminal_exec", "command", List.of(argv)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
