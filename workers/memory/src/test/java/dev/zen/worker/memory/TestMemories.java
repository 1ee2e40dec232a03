package dev.zen.worker.memory;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.Principal;
import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.testkit.ToolCalls;
import java.nio.file.Path;

/** The memory service over an embedded index in a test's directory, with the one MiniLM model this JVM loads. */
final class TestMemories implements AutoCloseable {

    private static Embedder shared;

    final Memories memories;
    final ServiceDefinition definition;

    TestMemories(Path directory) {
        this(directory, embedder());
    }

    TestMemories(Path directory, Embedder embedder) {
        this.memories = new Memories(embedder, new LuceneStore(directory), 32 * 1024);
        this.definition = MemoryService.definition(memories, "test");
    }

    /** The all-MiniLM-L6-v2 embedder, loaded once for the JVM (about two seconds). */
    static synchronized Embedder embedder() {
        if (shared == null) {
            shared = new MiniLmEmbedder();
        }
        return shared;
    }

    ToolDefinition tool(String name) {
        return definition.tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    CallToolResult run(Principal principal, String tool, Object... namesAndValues) throws Exception {
        return run(principal, null, tool, namesAndValues);
    }

    /** A call whose client is {@code client} (null: none). */
    CallToolResult run(Principal principal, dev.zen.worker.runtime.ClientChannel client, String tool, Object... namesAndValues)
            throws Exception {
        ToolCall call = ToolCalls.call(tool, namesAndValues);
        return tool(tool).handler().handle(new ToolCall(call.callId(), tool, call.arguments(), principal, call.deadline(), client));
    }

    @Override
    public void close() {
        memories.store().close();
    }
}
