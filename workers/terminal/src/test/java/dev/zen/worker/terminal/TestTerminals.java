package dev.zen.worker.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.Principal;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.testkit.ToolCalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;

/** Terminals for tests, over a workspace the sandbox's uid can reach, and what tests look at afterwards. */
final class TestTerminals {

    /** Set by CI: a sandbox that cannot be made fails the tests instead of skipping them. */
    static final boolean SANDBOX_REQUIRED = "1".equals(System.getenv("ZEN_REQUIRE_SANDBOX"));

    private TestTerminals() {
    }

    /**
     * A terminal over {@code base}/workspace with {@code env} settings (names as in TerminalSettings). A
     * sandboxed one is skipped where bubblewrap cannot run, unless ZEN_REQUIRE_SANDBOX=1.
     */
    static Terminal create(Path base, Map<String, String> env) throws IOException {
        // @TempDir directories are private to their owner: the sandbox's uid must be able to pass through
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path workspace = base.resolve("workspace");
        Map<String, String> all = new HashMap<>(env);
        TerminalSettings settings = TerminalSettings.of(workspace, all);
        try {
            return Terminal.create(settings);
        } catch (IllegalStateException e) {
            if (!SANDBOX_REQUIRED && settings.sandbox()) {
                Assumptions.abort("no sandbox on this machine: " + e.getMessage());
            }
            throw e;
        }
    }

    static CallToolResult run(Terminal terminal, String tool, Object... namesAndValues) throws Exception {
        return terminal.tool(tool).handler().handle(ToolCalls.call(tool, namesAndValues));
    }

    static CallToolResult runAs(Terminal terminal, Principal principal, String tool, Object... namesAndValues) throws Exception {
        ToolCall call = ToolCalls.call(tool, namesAndValues);
        return terminal.tool(tool).handler().handle(new ToolCall(call.callId(), tool, call.arguments(), principal, call.deadline()));
    }

    static JsonNode out(CallToolResult result) {
        return result.structuredContent();
    }

    /** The command lines of every process on the host that contain {@code token}. */
    static List<String> processesWith(String token) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmdline.contains(token) && ProcessHandle.current().pid() != Long.parseLong(entry.getFileName().toString())) {
                        found.add(entry.getFileName() + ": " + cmdline);
                    }
                } catch (IOException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    static void assertNoProcessWith(String token) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(processesWith(token)).as("processes left behind").isEmpty());
    }
}
