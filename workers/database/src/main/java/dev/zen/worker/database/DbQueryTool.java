package dev.zen.worker.database;

import static dev.zen.worker.database.DatabaseFields.COLUMNS;
import static dev.zen.worker.database.DatabaseFields.CUT_BY;
import static dev.zen.worker.database.DatabaseFields.PARAMS;
import static dev.zen.worker.database.DatabaseFields.ROWS;
import static dev.zen.worker.database.DatabaseFields.ROW_COUNT;
import static dev.zen.worker.database.DatabaseFields.SOURCE;
import static dev.zen.worker.database.DatabaseFields.SOURCE_OUT;
import static dev.zen.worker.database.DatabaseFields.SQL;
import static dev.zen.worker.database.DatabaseFields.TRUNCATED;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code db_query}: one statement on a source, in a READ ONLY transaction that is rolled back, its
 * parameters bound; answers typed columns and rows within {@code max_rows} (at most the source's cap)
 * and the source's byte cap, saying when a cap cut it. On a Redis source, {@code command} is an argv
 * of an allowed read command instead of {@code sql}.
 */
final class DbQueryTool implements ToolHandler {

    static final String NAME = "db_query";

    static final Field<String> OPTIONAL_SQL = Field.string("sql", "One SQL statement (SQL sources); parameters as ? (or $1 on "
            + "PostgreSQL) bound from params").minLength(1).maxLength(DatabaseFields.MAX_SQL_CHARS).content();
    static final Field<java.util.List<String>> COMMAND = Field.strings("command", "A Redis command as an argv (Redis sources), e.g. "
            + "[\"HGETALL\", \"user:1\"]: an allowed read command, or a write on a read-write source", 1, 1000,
            Field.string("part", "One word of the command").maxLength(65_536)).content();
    static final Field<Integer> MAX_ROWS = Field.integer("max_rows", "Most rows to return; at most the source's max_rows (a larger "
            + "value is capped)", 1, SourceConfig.MAX_ROWS_LIMIT).defaultsTo(100);
    static final ObjectShape INPUT = ObjectShape.of(SOURCE, OPTIONAL_SQL, PARAMS, COMMAND, MAX_ROWS);
    static final ObjectShape OUTPUT = ObjectShape.of(SOURCE_OUT, COLUMNS, ROWS, ROW_COUNT, TRUNCATED, CUT_BY);

    private final Sources sources;

    private DbQueryTool(Sources sources) {
        this.sources = sources;
    }

    static ToolDefinition definition(Sources sources) {
        return ToolDefinition.named(NAME).title("Query a database")
                .description("Runs one read-only SQL statement (sql, with params bound to ? placeholders) on a configured source, in "
                        + "a READ ONLY transaction with the source's statement timeout, and returns columns (name, type), rows (typed "
                        + "JSON values), rowCount and truncated (cut by max_rows, at most the source's cap, or by its byte cap). On a "
                        + "Redis source give command (an argv such as [\"GET\", \"key\"]) instead. Writes go through db_execute.")
                .input(INPUT).output(OUTPUT).readOnly()
                .handler(new DbQueryTool(sources));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        Source source = sources.get(args.get(SOURCE), call.principal());
        int maxRows = Math.min(args.get(MAX_ROWS), source.config().maxRows());
        SqlRunner.Rows rows;
        if (source instanceof RedisSource redis) {
            if (args.get(OPTIONAL_SQL) != null) {
                throw new ToolFailure("Expected 'command' (an argv) for Redis source '" + source.id() + "', but got 'sql'");
            }
            if (args.get(COMMAND) == null) {
                throw new ToolFailure("Expected 'command' for Redis source '" + source.id() + "', but it is missing");
            }
            rows = RedisCommands.run(redis, args.get(COMMAND), false, maxRows);
            call.facts().put("command", args.get(COMMAND).getFirst().toUpperCase(java.util.Locale.ROOT));
        } else {
            if (args.get(COMMAND) != null) {
                throw new ToolFailure("Expected 'sql' for SQL source '" + source.id() + "', but got 'command' (that is for Redis sources)");
            }
            String sql = args.get(OPTIONAL_SQL);
            if (sql == null) {
                throw new ToolFailure("Expected 'sql' for source '" + source.id() + "', but it is missing");
            }
            call.facts().put("statement", Statements.firstKeyword(sql));
            rows = SqlRunner.query((JdbcSource) source, sql, args.get(PARAMS), maxRows);
        }
        call.facts().put("source", source.id()).put("rowCount", rows.rows().size()).put("truncated", rows.truncated());
        ArrayNode columns = JsonNodeFactory.instance.arrayNode();
        rows.columns().forEach(columns::add);
        ObjectShape.Builder out = OUTPUT.builder().put(SOURCE_OUT, source.id()).put(COLUMNS, (JsonNode) columns)
                .put(ROWS, (JsonNode) rows.rows()).put(ROW_COUNT, (long) rows.rows().size()).put(TRUNCATED, rows.truncated());
        if (rows.cutBy() != null) {
            out.put(CUT_BY, rows.cutBy());
        }
        return out.result(text(rows, maxRows));
    }

    /** A compact table: a header line, then one line per row (at most 50 shown in text; all are in the structured answer). */
    static String text(SqlRunner.Rows rows, int maxRows) {
        StringBuilder text = new StringBuilder();
        text.append(String.join(" | ", rows.columns().stream().map(c -> c.get("name").asString()).toList())).append('\n');
        int shown = 0;
        for (JsonNode row : rows.rows()) {
            if (shown++ == 50) {
                text.append("… (").append(rows.rows().size() - 50).append(" more rows in the structured answer)\n");
                break;
            }
            StringBuilder line = new StringBuilder();
            for (JsonNode value : row) {
                line.append(line.isEmpty() ? "" : " | ").append(value.isString() ? value.asString() : value.toString());
            }
            text.append(line).append('\n');
        }
        text.append("(").append(rows.rows().size()).append(rows.rows().size() == 1 ? " row" : " rows");
        if (rows.truncated()) {
            text.append("; truncated by ").append(rows.cutBy()).append(rows.cutBy().equals("max_rows") ? " " + maxRows : "")
                    .append(": narrow the query, or page it with LIMIT/OFFSET or a key range");
        }
        return text.append(")\n").toString();
    }
}
