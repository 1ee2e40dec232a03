package dev.zen.worker.memory;

import static dev.zen.worker.memory.MemoryFields.ID;
import static dev.zen.worker.memory.MemoryFields.NAMESPACE;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.util.List;

/** {@code get_memory}: one memory whole, by id. */
final class GetMemoryTool implements ToolHandler {

    static final String NAME = "get_memory";
    static final ObjectShape INPUT = ObjectShape.of(ID, NAMESPACE);

    private final Memories memories;

    private GetMemoryTool(Memories memories) {
        this.memories = memories;
    }

    static ToolDefinition definition(Memories memories) {
        return ToolDefinition.named(NAME).title("Get a memory")
                .description("Reads one memory whole by its id (in your namespace unless namespace names another you may read).")
                .input(INPUT).output(MemoryFields.MEMORY).readOnly()
                .handler(new GetMemoryTool(memories));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        String namespace = Namespaces.resolve(call, args.get(NAMESPACE), false);
        Memory memory = memories.store().get(namespace, args.get(ID)).orElseThrow(() -> notFound(args.get(ID), namespace));
        call.facts().put("namespace", namespace).put("id", memory.id()).put("bytes", memory.content().length());
        return new CallToolResult(List.of(CallToolResult.textBlock(memory.content())), MemoryFields.describe(memory), null);
    }

    static ToolFailure notFound(String id, String namespace) {
        return new ToolFailure("Expected a memory '" + id + "' in namespace " + namespace + ", but there is none");
    }
}
