package dev.zen.worker.database;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.Principal;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.testkit.ToolCalls;
import java.nio.file.Path;
import java.util.List;

/** Tools over given sources, for tests: {@link #run} calls one as the runtime would. */
final class TestSources implements AutoCloseable {

    final Sources sources;
    final Path backupDir;

    TestSources(Path backupDir, SourceConfig... configs) {
        this.sources = new Sources(List.of(configs));
        this.backupDir = backupDir;
    }

    CallToolResult run(ToolDefinition tool, Object... namesAndValues) throws Exception {
        return tool.handler().handle(ToolCalls.call(tool.name(), namesAndValues));
    }

    CallToolResult runAs(ToolDefinition tool, Principal principal, Object... namesAndValues) throws Exception {
        ToolCall call = ToolCalls.call(tool.name(), namesAndValues);
        return tool.handler().handle(new ToolCall(call.callId(), call.tool(), call.arguments(), principal, call.deadline()));
    }

    @Override
    public void close() {
        sources.close();
    }
}
