package dev.zen.worker.database;

import dev.zen.worker.runtime.tool.Field;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The argument and output fields the database tools share, declared once. */
final class DatabaseFields {

    static final int MAX_SQL_CHARS = 100_000;
    static final int MAX_PARAMS = 1_000;

    private DatabaseFields() {
    }

    static final Field<String> SOURCE = Field.string("source", "Id of a configured source (db_list_sources lists them); never a "
            + "connection string").required().minLength(1).maxLength(200);
    static final Field<String> SQL = Field.string("sql", "One SQL statement; parameters as ? (or $1 on PostgreSQL) bound from params")
            .required().minLength(1).maxLength(MAX_SQL_CHARS).content();
    static final Field<JsonNode> PARAMS = Field.json("params", "Values bound to the statement's parameters, in order: numbers, "
            + "booleans and null as such, strings typed by the server (dates, uuids ...), objects and arrays as JSON text",
            paramsSchema()).content();

    static final Field<String> SOURCE_OUT = Field.string("source", "The source").required();
    static final Field<JsonNode> COLUMNS = Field.json("columns", "Each column: {name, type (the database's type name)}",
            columnsSchema()).required();
    static final Field<JsonNode> ROWS = Field.json("rows", "The rows, each an array of values in column order: numbers (strings when "
            + "JSON cannot hold them exactly), ISO 8601 times, base64 binary, JSON arrays and json values",
            JsonNodeFactory.instance.objectNode().put("type", "array")).required();
    static final Field<Long> ROW_COUNT = Field.count("rowCount", "Rows in this answer").required();
    static final Field<Boolean> TRUNCATED = Field.bool("truncated", "Whether more rows were there than this answer holds").required();
    static final Field<String> CUT_BY = Field.string("truncatedBy", "Which cap cut the answer: max_rows or max_bytes");

    private static ObjectNode columnsSchema() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "array");
        ObjectNode item = schema.putObject("items").put("type", "object");
        item.putObject("properties").putObject("name").put("type", "string");
        ((ObjectNode) item.get("properties")).putObject("type").put("type", "string");
        return schema;
    }

    private static ObjectNode paramsSchema() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "array").put("maxItems", MAX_PARAMS);
        return schema;
    }
}
