package dev.zen.worker.memory;

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
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code store_memory}: one memory ({@code content}, {@code tags}, {@code metadata}) or a batch
 * ({@code memories}, embedded together), in the caller's namespace or a granted one. The same text in
 * the same namespace is merged into the memory already there (tags joined, metadata overlaid), not
 * stored twice. Answers the ids.
 */
final class StoreMemoryTool implements ToolHandler {

    static final String NAME = "store_memory";
    static final int MAX_BATCH = 100;

    private final Memories memories;
    private final Field<String> content;
    private final Field<List<ObjectNode>> batch;
    private final ObjectShape input;
    static final Field<Boolean> MERGED = Field.bool("merged", "Whether the same text was already there and this merged into it")
            .required();
    static final ObjectShape ONE = ObjectShape.of(MemoryFields.ID_OUT, MERGED).describedAs("A stored memory");
    static final Field<List<ObjectNode>> STORED = Field.objects("stored", "The memories, in the order given", ONE).required();
    static final Field<String> NAMESPACE_OUT = Field.string("namespace", "Where they were stored").required();
    static final ObjectShape OUTPUT = ObjectShape.of(STORED, NAMESPACE_OUT);

    StoreMemoryTool(Memories memories) {
        this.memories = memories;
        int cap = (int) Math.min(Integer.MAX_VALUE, memories.maxContentBytes());
        this.content = Field.string("content", "The text to remember (at most " + memories.maxContentBytes() + " bytes, "
                + "MEMORY_MAX_CONTENT)").minLength(1).maxLength(cap).content();
        ObjectShape item = ObjectShape.of(Field.string("content", "The text").required().minLength(1).maxLength(cap).content(), TAGS,
                METADATA).describedAs("One memory of a batch");
        this.batch = Field.objects("memories", "A batch to store instead of content (at most " + MAX_BATCH + "), embedded together", item);
        this.input = ObjectShape.of(content, TAGS, METADATA, NAMESPACE, batch);
    }

    static ToolDefinition definition(Memories memories) {
        StoreMemoryTool tool = new StoreMemoryTool(memories);
        return ToolDefinition.named(NAME).title("Store a memory")
                .description("Remembers a text with optional tags and metadata (a JSON object), in your private namespace unless "
                        + "namespace names a shared one you may write. Give content for one memory or memories for a batch. The same "
                        + "text in the same namespace is merged, not stored twice. Returns the ids.")
                .input(tool.input).output(OUTPUT).writes(false, true)
                .handler(tool);
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = input.bind(call);
        String namespace = Namespaces.resolve(call, args.get(NAMESPACE), true);
        List<Memories.NewMemory> items = new ArrayList<>();
        if (args.get(batch) != null) {
            if (args.get(content) != null || args.get(TAGS) != null || args.get(METADATA) != null) {
                throw new ToolFailure("Expected either content (with tags and metadata) or memories, but both were given");
            }
            List<ObjectNode> given = args.get(batch);
            if (given.isEmpty() || given.size() > MAX_BATCH) {
                throw new ToolFailure("Expected 1 to " + MAX_BATCH + " memories in a batch, but got " + given.size());
            }
            for (int i = 0; i < given.size(); i++) {
                ObjectNode one = given.get(i);
                List<String> tags = new ArrayList<>();
                one.path("tags").forEach(t -> tags.add(t.asString()));
                items.add(new Memories.NewMemory(one.path("content").asString(), tags,
                        MemoryFields.metadata(one.get("metadata"), "memories[" + i + "].metadata")));
            }
        } else {
            if (args.get(content) == null) {
                throw new ToolFailure("Expected 'content' (or 'memories'), but it is missing");
            }
            items.add(new Memories.NewMemory(args.get(content), args.get(TAGS), MemoryFields.metadata(args)));
        }
        List<MemoryStore.Stored> stored = memories.store(namespace, items);
        call.facts().put("namespace", namespace).put("stored", stored.size())
                .put("merged", stored.stream().filter(MemoryStore.Stored::merged).count())
                .put("ids", stored.stream().map(s -> s.memory().id()).limit(20).toList())
                .put("bytes", items.stream().mapToLong(i -> i.content().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < stored.size(); i++) {
            MemoryStore.Stored one = stored.get(i);
            text.append(one.merged() ? "merged into " : "stored ").append(one.memory().id());
            if (one.merged()) {
                MemoryResources.updated(call.client(), one.memory());
            }
            List<String> left = items.get(i).tags() == null ? List.of()
                    : items.get(i).tags().stream().filter(t -> !one.memory().tags().contains(t)).toList();
            if (one.merged() && !left.isEmpty()) {
                text.append(" (tags not added, a memory has at most ").append(MemoryWrites.MAX_TAGS).append(": ")
                        .append(String.join(", ", left)).append(')');
            }
            text.append('\n');
        }
        return OUTPUT.builder().put(STORED, stored.stream().map(s -> ONE.builder().put(MemoryFields.ID_OUT, s.memory().id()).put(MERGED, s.merged())
                .build()).toList()).put(NAMESPACE_OUT, namespace).result(text.toString());
    }
}
