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
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.util.List;

/**
 * {@code delete_memory}: by id, or every memory a filter matches. A filter delete is a dry run unless
 * {@code dry_run: false}, and one that would delete every memory of the namespace (whatever the filter)
 * also needs {@code confirmed: true}. By id it deletes, unless {@code dry_run: true} is given.
 */
final class DeleteMemoryTool implements ToolHandler {

    static final String NAME = "delete_memory";
    static final int SHOWN = 50;

    static final Field<String> ID = Field.string("id", "The memory to delete (or give a filter instead)").pattern(
            "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", "a UUID");
    static final Field<Boolean> DRY_RUN = Field.bool("dry_run", "Only show what would go: default true for a filter; by id, false "
            + "unless given").defaultsTo(true);
    static final Field<Boolean> CONFIRMED = Field.bool("confirmed", "Must be true for a delete that would leave the namespace empty")
            .defaultsTo(false);
    static final ObjectShape INPUT = ObjectShape.of(ID, TAGS, TAG_MATCH, AFTER, BEFORE, NAMESPACE, DRY_RUN, CONFIRMED);

    static final Field<Long> DELETED = Field.count("deleted", "Memories deleted (0 in a dry run)").required();
    static final Field<Long> MATCHED = Field.count("matched", "Memories the id or filter matches").required();
    static final Field<Boolean> DRY = Field.bool("dry_run", "Whether nothing was deleted because this was a dry run").required();
    static final Field<List<String>> IDS = Field.strings("ids", "Ids that match (the first " + SHOWN + ")", 0, SHOWN).required();
    static final ObjectShape OUTPUT = ObjectShape.of(DELETED, MATCHED, DRY, IDS);

    private final Memories memories;

    private DeleteMemoryTool(Memories memories) {
        this.memories = memories;
    }

    static ToolDefinition definition(Memories memories) {
        return ToolDefinition.named(NAME).title("Delete memories")
                .description("Deletes a memory by id, or the memories a filter matches (tags, after/before, namespace). A filter delete "
                        + "only shows what would go unless dry_run is false; a delete that would empty the namespace also needs "
                        + "confirmed: true. By id, dry_run: true shows the memory instead of deleting it.")
                .input(INPUT).output(OUTPUT).writes(true, true)
                .handler(new DeleteMemoryTool(memories));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        MemoryFilter filter = MemoryFields.filter(call, args, true);
        String id = args.get(ID);
        if (id != null) {
            if (filter.narrowed()) {
                throw new ToolFailure("Expected an id or a filter, but both were given; nothing was deleted");
            }
            Memory memory = memories.store().get(filter.namespace(), id).orElseThrow(() -> GetMemoryTool.notFound(id, filter.namespace()));
            if (call.arguments().path(DRY_RUN.name()).asBoolean(false)) {
                return OUTPUT.builder().put(DELETED, 0L).put(MATCHED, 1L).put(DRY, true).put(IDS, List.of(id))
                        .result("dry run: " + id + " would be deleted (leave out dry_run to delete it)");
            }
            memories.store().delete(filter.namespace(), id);
            MemoryResources.updated(call.client(), memory);
            call.facts().put("namespace", filter.namespace()).put("deleted", 1).put("ids", List.of(id));
            return OUTPUT.builder().put(DELETED, 1L).put(MATCHED, 1L).put(DRY, false).put(IDS, List.of(id)).result("deleted " + id);
        }
        boolean dryRun = args.get(DRY_RUN);
        long matched = memories.store().count(filter);
        List<String> ids = memories.store().list(filter, null, SHOWN).memories().stream().map(Memory::id).toList();
        if (!dryRun && matched > 0 && !args.get(CONFIRMED)
                && (!filter.narrowed() || matched >= memories.store().count(MemoryFilter.namespace(filter.namespace())))) {
            throw new ToolFailure("Expected confirmed: true to delete every memory of namespace " + filter.namespace() + " (" + matched
                    + "), but it was not given; nothing was deleted");
        }
        long deleted = dryRun ? 0 : memories.store().delete(filter);
        if (deleted > 0 && deleted == matched && matched <= SHOWN) {
            // the ids listed before are all that went: their subscribers hear of it (a larger delete sends no notices)
            ids.forEach(gone -> MemoryResources.updated(call.client(), filter.namespace(), gone));
        }
        call.facts().put("namespace", filter.namespace()).put("matched", matched).put("deleted", deleted).put("dryRun", dryRun);
        return OUTPUT.builder().put(DELETED, deleted).put(MATCHED, matched).put(DRY, dryRun).put(IDS, ids)
                .result(dryRun ? "dry run: " + matched + " would be deleted (dry_run: false deletes them)" : "deleted " + deleted);
    }
}
