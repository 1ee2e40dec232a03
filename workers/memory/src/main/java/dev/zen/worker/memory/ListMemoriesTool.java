package dev.zen.worker.memory;

import static dev.zen.worker.memory.MemoryFields.AFTER;
import static dev.zen.worker.memory.MemoryFields.BEFORE;
import static dev.zen.worker.memory.MemoryFields.NAMESPACE;
import static dev.zen.worker.memory.MemoryFields.TAGS;
import static dev.zen.worker.memory.MemoryFields.TAG_MATCH;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Caps;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** {@code list_memories}: light pages (id, a preview, tags, time) newest first, filtered; {@code next_cursor} reads on. */
final class ListMemoriesTool implements ToolHandler {

    static final String NAME = "list_memories";
    static final int PREVIEW = 200;

    static final Field<String> CURSOR = Field.string("cursor", "The next_cursor of the page before").maxLength(512);
    static final Field<Integer> PAGE_SIZE = Field.integer("page_size", "Memories per page (at most 100)", 1, 100).defaultsTo(20);
    static final ObjectShape INPUT = ObjectShape.of(TAGS, TAG_MATCH, AFTER, BEFORE, NAMESPACE, CURSOR, PAGE_SIZE);

    static final Field<String> PREVIEW_OUT = Field.string("preview", "The first " + PREVIEW + " characters of its text").required();
    static final Field<Long> BYTES = Field.count("bytes", "Its text's size in UTF-8 bytes").required();
    static final ObjectShape ITEM = ObjectShape.of(MemoryFields.ID_OUT, PREVIEW_OUT, BYTES, MemoryFields.TAGS_OUT, MemoryFields.CREATED)
            .describedAs("A memory, light");
    static final Field<List<ObjectNode>> ITEMS = Field.objects("memories", "This page, newest first", ITEM).required();
    static final Field<String> NEXT = Field.string("next_cursor", "Pass as cursor for the next page (absent on the last)");
    static final Field<Boolean> TRUNCATED = Caps.TRUNCATED.required();
    static final ObjectShape OUTPUT = ObjectShape.of(ITEMS, TRUNCATED, NEXT);

    private final Memories memories;

    private ListMemoriesTool(Memories memories) {
        this.memories = memories;
    }

    static ToolDefinition definition(Memories memories) {
        return ToolDefinition.named(NAME).title("List memories")
                .description("Lists memories newest first, a page at a time (page_size up to 100, default 20): id, a preview, size, "
                        + "tags and time. Filter by tags, after/before and namespace; pass next_cursor as cursor to read on. get_memory "
                        + "reads one whole.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(new ListMemoriesTool(memories));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        MemoryFilter filter = MemoryFields.filter(call, args, false);
        MemoryStore.Page page;
        try {
            page = memories.store().list(filter, args.get(CURSOR), args.get(PAGE_SIZE));
        } catch (IllegalArgumentException e) {
            throw new ToolFailure("Expected 'cursor' to be a next_cursor this tool gave, but it is not one");
        }
        call.facts().put("namespace", filter.namespace()).put("listed", page.memories().size());
        StringBuilder text = new StringBuilder(page.memories().isEmpty() ? "(no memories)\n" : "");
        page.memories().forEach(m -> text.append(m.createdAt()).append(' ').append(m.id()).append(": ")
                .append(SearchMemoriesTool.preview(m.content())).append('\n'));
        if (page.nextCursor() != null) {
            text.append("(more: cursor ").append(page.nextCursor()).append(")\n");
        }
        ObjectShape.Builder out = OUTPUT.builder().put(ITEMS, page.memories().stream().map(m -> ITEM.builder().put(MemoryFields.ID_OUT, m.id())
                .put(PREVIEW_OUT, m.content().length() <= PREVIEW ? m.content() : m.content().substring(0, PREVIEW))
                .put(BYTES, (long) m.content().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).put(MemoryFields.TAGS_OUT, m.tags())
                .put(MemoryFields.CREATED, m.createdAt().toString()).build()).toList()).put(TRUNCATED, page.nextCursor() != null);
        if (page.nextCursor() != null) {
            out.put(NEXT, page.nextCursor());
        }
        return out.result(text.toString());
    }
}
