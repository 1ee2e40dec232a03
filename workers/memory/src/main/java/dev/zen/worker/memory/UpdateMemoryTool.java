package dev.zen.worker.memory;

import static dev.zen.worker.memory.MemoryFields.ID;
import static dev.zen.worker.memory.MemoryFields.METADATA;
import static dev.zen.worker.memory.MemoryFields.NAMESPACE;
import static dev.zen.worker.memory.MemoryFields.TAGS;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.util.List;

/** {@code update_memory}: replaces a memory's text (re-embedded), tags or metadata; the id and creation time stay. */
final class UpdateMemoryTool implements ToolHandler {

    static final String NAME = "update_memory";

    private final Memories memories;
    private final Field<String> content;
    private final ObjectShape input;

    private UpdateMemoryTool(Memories memories) {
        this.memories = memories;
        this.content = Field.string("content", "The new text (re-embedded)").minLength(1)
                .maxLength((int) Math.min(Integer.MAX_VALUE, memories.maxContentBytes())).content();
        this.input = ObjectShape.of(ID, content, TAGS, METADATA, NAMESPACE);
    }

    static ToolDefinition definition(Memories memories) {
        UpdateMemoryTool tool = new UpdateMemoryTool(memories);
        return ToolDefinition.named(NAME).title("Update a memory")
                .description("Replaces a memory's content (re-embedded), tags or metadata; what is not given stays, and so do its id "
                        + "and creation time.")
                .input(tool.input).output(MemoryFields.MEMORY).writes(true, true)
                .handler(tool);
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = input.bind(call);
        if (args.get(content) == null && args.get(TAGS) == null && args.get(METADATA) == null) {
            throw new ToolFailure("Expected at least one of content, tags and metadata to change, but none was given");
        }
        String namespace = Namespaces.resolve(call, args.get(NAMESPACE), true);
        Memory memory = memories.update(namespace, args.get(ID), args.get(content), args.get(TAGS), MemoryFields.metadata(args))
                .orElseThrow(() -> GetMemoryTool.notFound(args.get(ID), namespace));
        MemoryResources.updated(call.client(), memory);
        call.facts().put("namespace", namespace).put("id", memory.id()).put("bytes", memory.content().length());
        return new CallToolResult(List.of(CallToolResult.textBlock("updated " + memory.id())), MemoryFields.describe(memory), null);
    }
}
