package dev.zen.worker.memory;

import static dev.zen.worker.memory.MemoryFields.NAMESPACE;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code memory_stats}: a namespace's count, bytes, oldest and newest, per-tag counts, and the model and dimension. */
final class MemoryStatsTool implements ToolHandler {

    static final String NAME = "memory_stats";
    static final ObjectShape INPUT = ObjectShape.of(NAMESPACE);

    static final Field<String> NAMESPACE_OUT = Field.string("namespace", "The namespace").required();
    static final Field<Long> COUNT = Field.count("count", "Memories").required();
    static final Field<Long> BYTES = Field.count("bytes", "Their text in UTF-8 bytes").required();
    static final Field<String> OLDEST = Field.dateTime("oldest", "When the oldest was stored");
    static final Field<String> NEWEST = Field.dateTime("newest", "When the newest was stored");
    static final Field<JsonNode> TAGS = Field.json("tags", "Memories per tag", JsonNodeFactory.instance.objectNode().put("type", "object"))
            .required();
    static final Field<String> MODEL = Field.string("model", "The embedding model").required();
    static final Field<Long> DIMENSION = Field.count("dimension", "The vectors' dimension").required();
    static final Field<String> STORE = Field.string("store", "Where memories live").required();
    static final ObjectShape OUTPUT = ObjectShape.of(NAMESPACE_OUT, COUNT, BYTES, OLDEST, NEWEST, TAGS, MODEL, DIMENSION, STORE);

    private final Memories memories;

    private MemoryStatsTool(Memories memories) {
        this.memories = memories;
    }

    static ToolDefinition definition(Memories memories) {
        return ToolDefinition.named(NAME).title("Memory statistics")
                .description("Counts a namespace's memories (default your own): how many, their size, the oldest and newest, how many "
                        + "per tag, and the embedding model and dimension.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(new MemoryStatsTool(memories));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        String namespace = Namespaces.resolve(call, args.get(NAMESPACE), false);
        MemoryStore.Stats stats = memories.store().stats(namespace);
        ObjectNode tags = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Long> tag : stats.tags().entrySet()) {
            tags.put(tag.getKey(), tag.getValue());
        }
        call.facts().put("namespace", namespace).put("count", stats.count());
        ObjectShape.Builder out = OUTPUT.builder().put(NAMESPACE_OUT, namespace).put(COUNT, stats.count()).put(BYTES, stats.bytes())
                .put(TAGS, (JsonNode) tags).put(MODEL, memories.store().model()).put(DIMENSION, (long) memories.store().dimension())
                .put(STORE, memories.store().describe());
        if (stats.oldest() != null) {
            out.put(OLDEST, stats.oldest().toString()).put(NEWEST, stats.newest().toString());
        }
        return out.result(namespace + ": " + stats.count() + " memories, " + stats.bytes() + " bytes; model " + memories.store().model()
                + " (" + memories.store().dimension() + ")");
    }
}
