package dev.zen.worker.runtime;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.schemas.ToolDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A worker process for fault tests, started by {@link WorkerKillIT} in its own JVM: the service
 * {@code slow} with a non-idempotent {@code slow_charge} and an idempotent {@code slow_sync}, both
 * sleeping {@code sleepMs}. Each handler start appends {@code <callId> <instance>} to the file named
 * by {@code ZEN_TEST_RUN_LOG}, so the test sees how often and where a call ran even after a SIGKILL.
 */
public final class SlowToolsWorker {

    static final String SERVICE = "slow";

    private SlowToolsWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path runLog = Path.of(System.getenv("ZEN_TEST_RUN_LOG"));
        WorkerSettings settings = WorkerSettings.fromEnv(System.getenv());
        ToolHandler slow = call -> {
            Files.writeString(runLog, call.callId() + " " + settings.instanceId() + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            Thread.sleep(call.arguments().path("sleepMs").asLong(0));
            return CallToolResult.text(call.tool() + " done by " + settings.instanceId());
        };
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        ServiceDefinition service = new ServiceDefinition(SERVICE, "1.0", List.of(
                new ToolDefinition(new ToolDescriptor("slow_charge", null, "charges slowly: not idempotent", schema, null,
                        ToolAnnotations.writing("Slow charge", false, false), null), slow),
                new ToolDefinition(new ToolDescriptor("slow_sync", null, "syncs slowly: idempotent", schema, null,
                        ToolAnnotations.writing("Slow sync", false, true), null), slow)));
        WorkerRuntime.serve(service, settings, runtime -> { });
    }
}
