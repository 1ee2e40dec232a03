package dev.zen.ops;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.Principal;
import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.settings.Settings;
import dev.zen.worker.terminal.TerminalService;
import dev.zen.worker.terminal.TerminalSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The terminal rows of {@code ./zen bench}'s {@code services} group: {@code terminal_exec} of
 * {@code true} through the terminal service's own handler in this process, once with its sandbox and
 * once without (on the same workspace), so that their difference is what the sandbox costs a command;
 * the platform row beside them adds MCP, the gateway and Kafka.
 */
final class TerminalBench {

    static final String ARGUMENTS = "{\"command\":[\"true\"]}";

    private final ToolHandler sandboxed;
    private final ToolHandler unsandboxed;
    private final JsonNode arguments;

    TerminalBench(Path workdir) throws Exception {
        this.sandboxed = handler(workdir, "on");
        this.unsandboxed = handler(workdir, "off");
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        args.putArray("command").add("true");
        this.arguments = args;
    }

    private static ToolHandler handler(Path workdir, String sandbox) throws Exception {
        ServiceDefinition definition = new TerminalService().define(Settings.of(Map.of("TERMINAL_WORKDIR", workdir.toString(),
                "TERMINAL_SANDBOX", sandbox, "TERMINAL_ALLOWED_COMMANDS", "true"), TerminalSettings.ALL), "bench");
        return definition.tools().stream().filter(t -> t.name().equals("terminal_exec")).findFirst().orElseThrow().handler();
    }

    void sandboxed() throws Exception {
        run(sandboxed);
    }

    void unsandboxed() throws Exception {
        run(unsandboxed);
    }

    private void run(ToolHandler handler) throws Exception {
        CallToolResult result = handler.handle(new ToolCall(UUID.randomUUID().toString(), "terminal_exec", arguments, Principal.ANONYMOUS,
                System.currentTimeMillis() + 60_000));
        if (result.isErrorResult() || result.structuredContent().get("exitCode").asInt() != 0) {
            throw new IllegalStateException("Expected `true` to exit 0, but got " + result);
        }
    }
}
