package dev.zen.worker.database;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The text block of a {@code db_schema} answer: one line per object, qualified by schema (and table),
 * with what the detail added after it; definitions follow on indented lines. The structured answer
 * holds the same; this is for clients that show only text. Stateless.
 */
final class SchemaText {

    private SchemaText() {
    }

    static String render(SchemaSearch search, List<ObjectNode> objects, Long nextOffset) {
        StringBuilder text = new StringBuilder();
        for (ObjectNode object : objects) {
            text.append(qualified(object, search.type()));
            switch (search.type()) {
                case SCHEMA -> counted(text, object, "table_count", " (", " table", ")");
                case TABLE -> {
                    counted(text, object, "estimated_rows", " ~", " row", "");
                    counted(text, object, "column_count", ", ", " column", "");
                }
                case COLUMN -> {
                    optional(text, object, "data_type", " ", "");
                    if (object.has("nullable") && !object.get("nullable").asBoolean()) {
                        text.append(" not null");
                    }
                    optional(text, object, "default", " default ", "");
                }
                case INDEX -> {
                    if (object.has("columns")) {
                        List<String> columns = new java.util.ArrayList<>();
                        object.get("columns").forEach(column -> columns.add(column.asString()));
                        text.append(" (").append(String.join(", ", columns)).append(')');
                    }
                    text.append(flag(object, "primary", " primary key", flag(object, "unique", " unique", "")));
                }
                case FUNCTION -> {
                    if (object.has("kind")) {
                        text.append(object.get("kind").asString().equals("procedure") ? " procedure" : "").append('(')
                                .append(object.path("arguments").asString("")).append(')');
                    }
                    optional(text, object, "return_type", " returns ", "");
                    optional(text, object, "language", " language ", "");
                }
                case VIEW -> {
                }
            }
            optional(text, object, "comment", " -- ", "");
            text.append('\n');
            if (object.has("definition")) {
                object.get("definition").asString().strip().lines().forEach(line -> text.append("    ").append(line).append('\n'));
                if (object.has("definition_truncated")) {
                    text.append("    … (cut at ").append(SchemaSearch.MAX_DEFINITION_CHARS).append(" characters)\n");
                }
            }
        }
        String type = search.type().wire() + (objects.size() == 1 ? "" : search.type() == SchemaSearch.ObjectType.INDEX ? "es" : "s");
        if (objects.isEmpty()) {
            text.append("(no ").append(type).append(search.offset() > 0 ? " past offset " + search.offset() : "")
                    .append(search.like() == null ? "" : " match the pattern").append(")\n");
        } else {
            text.append('(').append(objects.size()).append(' ').append(type);
            if (nextOffset != null) {
                text.append("; truncated: more match, read on with offset ").append(nextOffset);
            }
            text.append(")\n");
        }
        return text.toString();
    }

    /** schema.name; a column as schema.table.column, an index as schema.index on table. */
    private static String qualified(ObjectNode object, SchemaSearch.ObjectType type) {
        StringBuilder name = new StringBuilder();
        if (object.has("schema")) {
            name.append(object.get("schema").asString()).append('.');
        }
        if (type == SchemaSearch.ObjectType.COLUMN) {
            name.append(object.get("table").asString()).append('.');
        }
        name.append(object.get("name").asString());
        if (type == SchemaSearch.ObjectType.INDEX) {
            name.append(" on ").append(object.get("table").asString());
        }
        return name.toString();
    }

    private static void optional(StringBuilder text, ObjectNode object, String field, String before, String after) {
        JsonNode value = object.get(field);
        if (value != null && !value.isNull()) {
            text.append(before).append(value.isString() ? value.asString().replace('\n', ' ') : value.toString()).append(after);
        }
    }

    /** A count with its noun, plural unless it is one. */
    private static void counted(StringBuilder text, ObjectNode object, String field, String before, String noun, String after) {
        JsonNode value = object.get(field);
        if (value != null && value.isNumber()) {
            text.append(before).append(value.asLong()).append(noun).append(value.asLong() == 1 ? "" : "s").append(after);
        }
    }

    private static String flag(ObjectNode object, String field, String when, String otherwise) {
        return object.path(field).asBoolean(false) ? when : otherwise;
    }
}
