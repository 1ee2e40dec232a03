package dev.zen.worker.memory;

import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The fields the memory tools share, the shape of a memory in answers, and the filter built from arguments. */
final class MemoryFields {

    static final String TAG_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$";

    private MemoryFields() {
    }

    static final Field<String> NAMESPACE = Field.string("namespace", "The namespace: default your own private one (~you); a shared one "
            + "only where the policy file grants your roles").maxLength(129);
    static final Field<List<String>> TAGS = Field.strings("tags", "Tags: letters, digits and . _ : / - (at most 64 characters each)",
            0, MemoryWrites.MAX_TAGS, Field.string("tag", "A tag").pattern(TAG_PATTERN, "a tag of letters, digits and . _ : / -"));
    static final Field<String> TAG_MATCH = Field.choice("tag_match", "Whether a memory needs any of the tags or all", "any", "all")
            .defaultsTo("any");
    static final Field<String> AFTER = Field.dateTime("after", "Only memories made at or after this time (ISO 8601)");
    static final Field<String> BEFORE = Field.dateTime("before", "Only memories made before this time (ISO 8601)");
    static final Field<JsonNode> METADATA = Field.json("metadata", "A JSON object of your own (at most 8 KiB)",
            JsonNodeFactory.instance.objectNode().put("type", "object"));
    static final Field<String> ID = Field.string("id", "The memory's id").required().pattern(
            "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", "a UUID");

    static final Field<String> ID_OUT = Field.string("id", "The memory's id").required();
    static final Field<String> NAMESPACE_OUT = Field.string("namespace", "Its namespace").required();
    static final Field<String> CONTENT_OUT = Field.string("content", "Its text").required();
    static final Field<List<String>> TAGS_OUT = Field.strings("tags", "Its tags", 0, MemoryWrites.MAX_TAGS).required();
    static final Field<JsonNode> METADATA_OUT = Field.json("metadata", "Its metadata", JsonNodeFactory.instance.objectNode()
            .put("type", "object")).required();
    static final Field<String> CREATED = Field.dateTime("created_at", "When it was stored").required();
    static final Field<String> UPDATED = Field.dateTime("updated_at", "When it last changed").required();
    static final Field<String> URI = Field.string("uri", "Its resource URI (memory://namespace/id)").required();
    static final ObjectShape MEMORY = ObjectShape.of(ID_OUT, NAMESPACE_OUT, CONTENT_OUT, TAGS_OUT, METADATA_OUT, CREATED, UPDATED, URI)
            .describedAs("A memory");

    static ObjectNode describe(Memory memory) {
        return MEMORY.builder().put(ID_OUT, memory.id()).put(NAMESPACE_OUT, memory.namespace()).put(CONTENT_OUT, memory.content())
                .put(TAGS_OUT, memory.tags()).put(METADATA_OUT, (JsonNode) memory.metadata()).put(CREATED, memory.createdAt().toString())
                .put(UPDATED, memory.updatedAt().toString()).put(URI, MemoryResources.uri(memory)).build();
    }

    /** The metadata argument, checked for size. */
    static ObjectNode metadata(Arguments args) {
        return metadata(args.get(METADATA), "metadata");
    }

    /** {@code metadata} (the argument {@code field}) checked: null, or an object of at most {@link MemoryWrites#MAX_METADATA_CHARS} as JSON. */
    static ObjectNode metadata(JsonNode metadata, String field) {
        if (metadata == null || metadata.isNull()) {
            return null;
        }
        if (!metadata.isObject()) {
            throw new ToolFailure("Expected '" + field + "' to be a JSON object, but it is not; nothing was stored");
        }
        int chars = metadata.toString().length();
        if (chars > MemoryWrites.MAX_METADATA_CHARS) {
            throw new ToolFailure("Expected '" + field + "' of at most " + MemoryWrites.MAX_METADATA_CHARS + " characters as JSON, but it has "
                    + chars + "; nothing was stored");
        }
        return (ObjectNode) metadata;
    }

    /** The filter of a call: its namespace (resolved for reading or writing) and its tag and time arguments. */
    static MemoryFilter filter(ToolCall call, Arguments args, boolean write) {
        String namespace = Namespaces.resolve(call, args.get(NAMESPACE), write);
        List<String> tags = args.get(TAGS);
        return new MemoryFilter(namespace, tags == null ? List.of() : tags,
                "all".equals(args.get(TAG_MATCH)) ? MemoryFilter.TagMatch.ALL : MemoryFilter.TagMatch.ANY,
                instant(args.get(AFTER), AFTER.name()), instant(args.get(BEFORE), BEFORE.name()));
    }

    /** The earliest and latest times a filter or cursor may name: every store keeps years 1 to 9999. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private static Instant instant(String dateTime, String field) {
        if (dateTime == null) {
            return null;
        }
        Instant instant = java.time.OffsetDateTime.parse(dateTime).toInstant();
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new ToolFailure("Expected '" + field + "' between years 1 and 9999, but it was " + dateTime);
        }
        return instant;
    }
}
