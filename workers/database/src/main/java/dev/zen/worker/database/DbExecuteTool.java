package dev.zen.worker.database;

import static dev.zen.worker.database.DatabaseFields.PARAMS;
import static dev.zen.worker.database.DatabaseFields.SOURCE;
import static dev.zen.worker.database.DatabaseFields.SOURCE_OUT;

import dev.zen.schemas.CallToolResult;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.ToolFailure;
import dev.zen.worker.runtime.ToolHandler;
import dev.zen.worker.runtime.tool.Arguments;
import dev.zen.worker.runtime.tool.Field;
import dev.zen.worker.runtime.tool.ObjectShape;

/**
 * {@code db_execute}: one change, committed. Data changes (INSERT, UPDATE, DELETE, MERGE, a WITH
 * statement) only on {@code read-write} and {@code admin} sources; anything else (DDL, GRANT, ...) only
 * on {@code admin} sources and only with {@code confirmed: true}. Queries are refused: they go through
 * {@code db_query}. On a Redis source, {@code command} is a data write.
 */
final class DbExecuteTool implements ToolHandler {

    static final String NAME = "db_execute";

    static final Field<Boolean> CONFIRMED = Field.bool("confirmed", "Must be true for a statement that is not a data change (DDL "
            + "such as CREATE, ALTER, DROP, TRUNCATE, GRANT), which runs only on an admin source").defaultsTo(false);
    static final Field<Long> AFFECTED = Field.count("affectedRows", "Rows the change affected (for DDL: 0)").required();
    static final Field<String> KIND = Field.choice("kind", "What the statement was taken for", "change", "definition", "redis")
            .required();
    static final ObjectShape INPUT = ObjectShape.of(SOURCE, DbQueryTool.OPTIONAL_SQL, PARAMS, DbQueryTool.COMMAND, CONFIRMED);
    static final ObjectShape OUTPUT = ObjectShape.of(SOURCE_OUT, KIND, AFFECTED);

    private final Sources sources;

    private DbExecuteTool(Sources sources) {
        this.sources = sources;
    }

    static ToolDefinition definition(Sources sources) {
        return ToolDefinition.named(NAME).title("Change a database")
                .description("Runs one change on a configured source and commits it: INSERT, UPDATE, DELETE, MERGE or a WITH statement "
                        + "on a read-write or admin source; other statements (CREATE, ALTER, DROP, TRUNCATE, GRANT ...) only on an admin "
                        + "source and only with confirmed: true. Returns affectedRows. Use db_query to read. On a Redis read-write "
                        + "source give command (e.g. [\"SET\", \"key\", \"value\"]).")
                .input(INPUT).output(OUTPUT).writes(true, false)
                .handler(new DbExecuteTool(sources));
    }

    @Override
    public CallToolResult handle(ToolCall call) {
        Arguments args = INPUT.bind(call);
        Source source = sources.get(args.get(SOURCE), call.principal());
        SourceConfig config = source.config();
        call.facts().put("source", source.id());
        if (source instanceof RedisSource redis) {
            if (args.get(DbQueryTool.COMMAND) == null) {
                throw new ToolFailure("Expected 'command' (an argv) for Redis source '" + source.id() + "', but it is missing");
            }
            call.facts().put("command", args.get(DbQueryTool.COMMAND).getFirst().toUpperCase(java.util.Locale.ROOT));
            SqlRunner.Rows answer = RedisCommands.run(redis, args.get(DbQueryTool.COMMAND), true, 1);
            long affected = answer.rows().isEmpty() || !answer.rows().get(0).get(0).isNumber() ? 0 : answer.rows().get(0).get(0).asLong();
            return OUTPUT.builder().put(SOURCE_OUT, source.id()).put(KIND, "redis").put(AFFECTED, affected)
                    .result(args.get(DbQueryTool.COMMAND).getFirst() + " on " + source.id() + ": " + answer.rows());
        }
        String sql = args.get(DbQueryTool.OPTIONAL_SQL);
        if (sql == null) {
            throw new ToolFailure("Expected 'sql' for source '" + source.id() + "', but it is missing");
        }
        Statements.Kind kind = Statements.kind(sql);
        String keyword = Statements.firstKeyword(sql);
        call.facts().put("statement", keyword);
        if (kind == Statements.Kind.QUERY) {
            throw new ToolFailure("Expected a change for db_execute, but '" + keyword + "' reads: use db_query. Nothing ran");
        }
        if (!config.access().writes()) {
            throw new ToolFailure("Expected a read-write or admin source for db_execute, but source '" + source.id()
                    + "' is read-only. Nothing ran");
        }
        if (kind == Statements.Kind.DEFINITION) {
            if (config.access() != Access.ADMIN) {
                throw new ToolFailure("Expected an admin source for '" + keyword + "' (not a data change), but source '" + source.id()
                        + "' is " + config.access().wire() + ". Nothing ran");
            }
            if (!args.get(CONFIRMED)) {
                throw new ToolFailure("Expected confirmed: true for '" + keyword + "' (not a data change: it may alter or drop objects), "
                        + "but it was not given. Nothing ran");
            }
        }
        long affected = SqlRunner.execute((JdbcSource) source, sql, args.get(PARAMS));
        call.facts().put("affectedRows", affected);
        return OUTPUT.builder().put(SOURCE_OUT, source.id()).put(KIND, kind == Statements.Kind.CHANGE ? "change" : "definition")
                .put(AFFECTED, affected).result(keyword + " on " + source.id() + ": " + affected + " row(s) affected, committed");
    }
}
