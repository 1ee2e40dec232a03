package dev.zen.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.schemas.AccessGrants;
import dev.zen.schemas.CallMode;
import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.ErrorCode;
import dev.zen.schemas.Principal;
import dev.zen.schemas.ToolCommand;
import dev.zen.schemas.ToolOutcome;
import dev.zen.schemas.ToolReply;
import dev.zen.schemas.WorkerRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class CommandExecutorTest {

    private final AtomicInteger runs = new AtomicInteger();
    private final ToolHandler crashing = call -> {
        runs.incrementAndGet();
        throw new IllegalStateException("crashed after its effect");
    };
    private final CommandExecutor executor = new CommandExecutor(Map.of(
            "charge", ToolDefinition.named("charge").writes(false, false).handler(crashing),
            "sync", ToolDefinition.named("sync").writes(false, true).handler(crashing),
            "run", ToolDefinition.named("run").writes(false, false).handler(call -> {
                call.facts().put("exitCode", 0).put("command", "make");
                return CallToolResult.text("built");
            }),
            "failing", ToolDefinition.named("failing").writes(false, false).handler(call -> {
                call.facts().put("exitCode", 2);
                throw new ToolFailure("Expected make to succeed, but it exited with 2");
            }),
            "quiet", ToolDefinition.named("quiet").writes(false, false).handler(call -> CallToolResult.text("nothing to record")),
            "flaky", ToolDefinition.named("flaky").writes(false, true).handler(call -> {
                call.facts().put("attempt", runs.incrementAndGet());
                if (runs.get() == 1) {
                    call.facts().put("crashedAttempt", true);
                    throw new IllegalStateException("first attempt crashes");
                }
                return CallToolResult.text("second attempt");
            })),
            new WorkerRef("svc", "w1", "1"), 3, Duration.ofMillis(1), () -> null);

    @AfterEach
    void close() {
        executor.close();
    }

    @Test
    void shouldNeverRetryACrashOfAToolThatIsNotIdempotent() {
        CommandExecutor.Execution execution = executor.execute(command("charge"), System.currentTimeMillis());

        assertThat(runs).hasValue(1);
        assertThat(execution.attempts()).isEqualTo(1);
        assertThat(execution.reply().outcome()).isEqualTo(ToolOutcome.FAILED);
        assertThat(execution.reply().error().code()).isEqualTo(ErrorCode.HANDLER_CRASHED.wire());
        assertThat(execution.deadLettered()).isTrue();
    }

    @Test
    void shouldRetryACrashOfAnIdempotentToolUpToTheAttempts() {
        CommandExecutor.Execution execution = executor.execute(command("sync"), System.currentTimeMillis());

        assertThat(runs).hasValue(3);
        assertThat(execution.attempts()).isEqualTo(3);
        assertThat(execution.deadLettered()).isTrue();
    }

    @Test
    void shouldSendTheFactsAHandlerPutWithItsResult() {
        ToolReply ok = executor.execute(command("run"), System.currentTimeMillis()).reply();
        ToolReply toolError = executor.execute(command("failing"), System.currentTimeMillis()).reply();

        assertThat(ok.outcome()).isEqualTo(ToolOutcome.OK);
        assertThat(ok.facts().toString()).isEqualTo("{\"exitCode\":0,\"command\":\"make\"}");
        assertThat(toolError.outcome()).isEqualTo(ToolOutcome.TOOL_ERROR);
        assertThat(toolError.facts().path("exitCode").asLong()).isEqualTo(2);
    }

    @Test
    void shouldSendNoFactsWhenTheHandlerPutNone() {
        ToolReply reply = executor.execute(command("quiet"), System.currentTimeMillis()).reply();

        assertThat(reply.outcome()).isEqualTo(ToolOutcome.OK);
        assertThat(reply.facts()).isNull();
    }

    @Test
    void shouldSendOnlyTheFactsOfTheAttemptThatAnswered() {
        ToolReply reply = executor.execute(command("flaky"), System.currentTimeMillis()).reply();

        assertThat(reply.outcome()).isEqualTo(ToolOutcome.OK);
        assertThat(reply.facts().toString()).isEqualTo("{\"attempt\":2}");
    }

    @Test
    void shouldGiveTheHandlerThePublishedGrantsToAnswerForNamespaces() {
        AtomicReference<AccessGrants> published = new AtomicReference<>();
        AtomicReference<ToolCall> seen = new AtomicReference<>();
        CommandExecutor memory = new CommandExecutor(Map.of("remember", ToolDefinition.named("remember").writes(false, true)
                .handler(call -> {
                    seen.set(call);
                    return CallToolResult.text("ok");
                })), new WorkerRef("memory", "w1", "1"), 1, Duration.ofMillis(1), published::get);
        AccessGrants grants = new AccessGrants(null, true, Map.of(
                "analyst", new AccessGrants.Grant(List.of("remember"), null, null, List.of("team-*", "handbook"), List.of("team-analytics")),
                "writer", new AccessGrants.Grant(List.of("remember"), null, null, null, List.of("handbook")),
                "anonymous", new AccessGrants.Grant(List.of("remember"), null, null)), "policy.yaml", 1);
        try {
            // no policy published: the tool runs, and no shared namespace is granted
            assertThat(memory.execute(commandAs("remember", "analyst"), System.currentTimeMillis()).reply().outcome())
                    .isEqualTo(ToolOutcome.OK);
            assertThat(seen.get().grants()).isNull();
            assertThat(seen.get().mayUseNamespace("handbook", false)).isFalse();
            assertThat(seen.get().namespaceGlobs(false)).isEmpty();

            published.set(grants);
            memory.execute(commandAs("remember", "analyst"), System.currentTimeMillis());
            ToolCall analyst = seen.get();
            memory.execute(commandAs("remember", "writer"), System.currentTimeMillis());
            ToolCall writer = seen.get();
            memory.execute(commandAs("remember"), System.currentTimeMillis());
            ToolCall anonymous = seen.get();

            assertThat(analyst.grants()).isSameAs(grants);
            assertThat(analyst.mayUseNamespace("team-sales", false)).isTrue();
            assertThat(analyst.mayUseNamespace("team-sales", true)).isFalse();
            assertThat(analyst.mayUseNamespace("team-analytics", true)).isTrue();
            assertThat(analyst.mayUseNamespace("handbook", true)).isFalse();
            assertThat(analyst.namespaceGlobs(false)).containsExactly("team-*", "handbook", "team-analytics");
            assertThat(writer.mayUseNamespace("handbook", false)).isTrue();
            assertThat(writer.mayUseNamespace("handbook", true)).isTrue();
            assertThat(writer.mayUseNamespace("team-sales", false)).isFalse();
            assertThat(anonymous.mayUseNamespace("handbook", false)).isFalse();

            // a gateway without a policy file publishes enforced=false: tools are allowed, namespaces still private
            published.set(AccessGrants.allowAll("none", 2));
            memory.execute(commandAs("remember", "analyst"), System.currentTimeMillis());
            assertThat(seen.get().mayUseNamespace("handbook", false)).isFalse();
        } finally {
            memory.close();
        }
    }

    @Test
    void shouldBuildCallsWithoutGrantsFromTheOlderConstructors() {
        Principal alice = new Principal("alice", List.of("analyst"), null);

        ToolCall five = new ToolCall("c", "t", JsonNodeFactory.instance.objectNode(), alice, 1);
        ToolCall seven = new ToolCall("c", "t", JsonNodeFactory.instance.objectNode(), alice, 1, null, null);

        assertThat(five.grants()).isNull();
        assertThat(seven.grants()).isNull();
        assertThat(five.mayUseNamespace("handbook", false)).isFalse();
        assertThat(seven.namespaceGlobs(true)).isEmpty();
    }

    private static ToolCommand command(String tool) {
        return commandAs(tool, "r");
    }

    private static ToolCommand commandAs(String tool, String... roles) {
        return new ToolCommand(null, UUID.randomUUID().toString(), tool, JsonNodeFactory.instance.objectNode(),
                new Principal("alice", List.of(roles), null), CallMode.ASYNC, System.currentTimeMillis() + 30_000, null, null, null, 1,
                null, null, System.currentTimeMillis(), null);
    }
}
